import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Response {
  status: number;
  setCookies: string[];
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, one request at a time, with its own cookie
 * jar (one connection = one visitor). Deliberately small: the load generator must cost much
 * less than the servers it measures, and node:http's client costs about as much as its server.
 */
export class Connection {
  readonly jar = new Map<string, string>();
  #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: ((response: Response) => void) | null = null;
  #failed: ((error: Error) => void) | null = null;
  #error: Error | null = null;

  private constructor(
    socket: Socket,
    private readonly host: string,
  ) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    const fail = (error: Error): void => {
      this.#error = error;
      this.#failed?.(error);
      this.#waiting = null;
      this.#failed = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new Connection(socket, `127.0.0.1:${port}`));
      });
      socket.once('error', reject);
    });
  }

  cookieHeader(): string {
    let header = '';
    for (const [name, value] of this.jar) header += `${header === '' ? '' : '; '}${name}=${value}`;
    return header;
  }

  get(path: string): Promise<Response> {
    if (this.#error !== null) return Promise.reject(this.#error);
    const cookie = this.jar.size === 0 ? '' : `Cookie: ${this.cookieHeader()}\r\n`;
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failed = reject;
      this.#socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}\r\n${cookie}\r\n`);
    });
  }

  close(): void {
    this.#socket.removeAllListeners('close');
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const parsed = parseResponse(this.#buffer);
    if (parsed === null) return;
    this.#buffer = this.#buffer.subarray(parsed.consumed);
    for (const line of parsed.response.setCookies) this.#remember(line);
    const waiting = this.#waiting;
    this.#waiting = null;
    this.#failed = null;
    waiting?.(parsed.response);
  }

  #remember(setCookie: string): void {
    const semi = setCookie.indexOf(';');
    const pair = semi < 0 ? setCookie : setCookie.slice(0, semi);
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const lower = setCookie.toLowerCase();
    if (value === '' || lower.includes('max-age=0') || lower.includes('expires=thu, 01 jan 1970'))
      this.jar.delete(name);
    else this.jar.set(name, value);
  }
}

/** A complete response at the start of `buffer`, or null when more bytes are needed. */
export function parseResponse(buffer: Buffer): { response: Response; consumed: number } | null {
  const headEnd = buffer.indexOf(HEADER_END);
  if (headEnd < 0) return null;
  const head = buffer.toString('latin1', 0, headEnd);
  const lines = head.split('\r\n');
  const status = Number((lines[0] as string).slice(9, 12));
  const setCookies: string[] = [];
  let length = -1;
  let chunked = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    if (name === 'content-length') length = Number(line.slice(colon + 1));
    else if (name === 'transfer-encoding')
      chunked =
        line
          .slice(colon + 1)
          .trim()
          .toLowerCase() === 'chunked';
    else if (name === 'set-cookie') setCookies.push(line.slice(colon + 1).trim());
  }
  let at = headEnd + 4;
  if (chunked) {
    let body = '';
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = Number.parseInt(buffer.toString('latin1', at, lineEnd), 16);
      if (size === 0) {
        if (buffer.length < lineEnd + 4) return null;
        return { response: { status, setCookies, body }, consumed: lineEnd + 4 };
      }
      if (buffer.length < lineEnd + 2 + size + 2) return null;
      body += buffer.toString('utf8', lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
  const bodyLength = Math.max(length, 0);
  if (buffer.length < at + bodyLength) return null;
  return {
    response: { status, setCookies, body: buffer.toString('utf8', at, at + bodyLength) },
    consumed: at + bodyLength,
  };
}

export interface LoadResult {
  ops: number;
  elapsedMs: number;
  latenciesUs: number[];
  /** Responses whose status was not 200. */
  errors: number;
  firstError?: string;
}

/** Sends requests over the connections (each one request at a time) until the count or time is spent. */
export async function runLoad(
  connections: Connection[],
  path: string,
  maxRequests: number,
  maxMs: number,
): Promise<LoadResult> {
  const latenciesUs: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + maxMs;
  const worker = async (connection: Connection): Promise<void> => {
    while (issued < maxRequests && performance.now() < deadline) {
      issued++;
      const before = performance.now();
      const response = await connection.get(path);
      latenciesUs.push((performance.now() - before) * 1000);
      if (response.status !== 200) {
        errors++;
        firstError ??= `status ${response.status}: ${response.body.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(connections.map(worker));
  return { ops: latenciesUs.length, elapsedMs: performance.now() - start, latenciesUs, errors, firstError };
}
