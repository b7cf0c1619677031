import { Agent, type IncomingHttpHeaders, request } from 'node:http';

export interface Received {
  status: number;
  headers: IncomingHttpHeaders;
  setCookies: string[];
  body: string;
  /** Each body chunk with the time it arrived (performance.now()). */
  chunks: { text: string; at: number }[];
  headersAt: number;
  endedAt: number;
}

export interface Ask {
  method?: string;
  path?: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One request over a real socket, recording when headers and each chunk arrived. */
export function ask(base: string, options: Ask = {}): Promise<Received> {
  const url = new URL(options.path ?? '/', base);
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers, agent }, (res) => {
      const headersAt = performance.now();
      const chunks: { text: string; at: number }[] = [];
      res.setEncoding('utf8');
      res.on('data', (text: string) => chunks.push({ text, at: performance.now() }));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          setCookies: res.headers['set-cookie'] ?? [],
          body: chunks.map((c) => c.text).join(''),
          chunks,
          headersAt,
          endedAt: performance.now(),
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The session cookie's value from a response, or undefined. */
export function sessionCookie(received: Received, name = 'sessionid'): string | undefined {
  const line = received.setCookies.find((c) => c.startsWith(`${name}=`));
  return line === undefined ? undefined : line.slice(name.length + 1).split(';')[0];
}

export function closeClient(): void {
  agent.destroy();
}
