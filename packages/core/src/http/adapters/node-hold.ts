import type { ServerResponse } from 'node:http';
import type { FailureResponse } from './failure.js';

type Method = 'writeHead' | 'write' | 'end' | 'flushHeaders';
type Call = { method: Method; args: unknown[] };
type AnyMethod = (this: ServerResponse, ...args: unknown[]) => unknown;

/** Control over a held response. */
export interface ResponseHold {
  /**
   * Lets the response through untouched if nothing was written yet, and says whether it did.
   * For adapters that commit another way (Koa) and keep the hold only as a fallback.
   */
  release(): boolean;
}

export interface HoldCallbacks {
  /** Runs once, when the app first sends headers or body: patch `res`'s headers here. */
  beforeHeaders(status: number): Promise<void>;
  /** `beforeHeaders` failed: what to answer instead of the app's held output. */
  onFailure(error: unknown): FailureResponse;
}

/**
 * Holds a Node response until the session commit settles.
 *
 * Headers leave on the first `writeHead`, `write`, `end` or `flushHeaders`. The first of these
 * starts the commit and is queued, as is everything after it, so the Set-Cookie header can
 * still be added and no body byte leaves before the save has settled. Then the queue is
 * replayed in order; `end` is replayed last, so the response finishes only after the save.
 * If the commit fails, the queue is dropped and an error response goes out instead.
 * While held, `headersSent` reads true, as it would have without the hold.
 */
export function holdResponse(res: ServerResponse, callbacks: HoldCallbacks): ResponseHold {
  const original: Record<Method, AnyMethod> = {
    writeHead: res.writeHead as unknown as AnyMethod,
    write: res.write as unknown as AnyMethod,
    end: res.end as unknown as AnyMethod,
    flushHeaders: res.flushHeaders as unknown as AnyMethod,
  };
  let state: 'idle' | 'holding' | 'open' | 'failed' = 'idle';
  let queue: Call[] = [];
  let owesDrain = false;

  const begin = (status: number, implicit: boolean): void => {
    state = 'holding';
    Object.defineProperty(res, 'headersSent', { configurable: true, get: () => true });
    let commit: Promise<void>;
    try {
      commit = callbacks.beforeHeaders(status);
    } catch (error) {
      commit = Promise.reject(error);
    }
    commit.then(
      () => replay(implicit ? status : undefined),
      (error: unknown) => fail(error),
    );
  };

  const replay = (implicitStatus: number | undefined): void => {
    Reflect.deleteProperty(res, 'headersSent');
    state = 'open';
    // The app may have changed statusCode after its first write; the committed status is the one sent.
    if (implicitStatus !== undefined) res.statusCode = implicitStatus;
    const calls = queue;
    queue = [];
    try {
      for (const { method, args } of calls) original[method].apply(res, args);
    } catch (error) {
      // What would have thrown at the app's call site (an invalid header, say) now can only abort.
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    if (owesDrain && !res.writableNeedDrain && !res.writableEnded) res.emit('drain');
  };

  let failure: Error | undefined;
  const dropAfterFailure = (args: unknown[], value: unknown): unknown => {
    const callback = args.find((arg) => typeof arg === 'function') as ((error?: Error) => void) | undefined;
    if (callback !== undefined) process.nextTick(callback, failure);
    return value;
  };

  const fail = (error: unknown): void => {
    Reflect.deleteProperty(res, 'headersSent');
    state = 'failed';
    const dropped = queue;
    queue = [];
    let answer: FailureResponse;
    try {
      answer = callbacks.onFailure(error);
    } catch {
      answer = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' };
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    try {
      original.writeHead.call(res, answer.status, {
        ...answer.headers,
        'content-length': Buffer.byteLength(answer.body),
      });
      original.end.call(res, answer.body);
    } catch {
      res.destroy();
    }
    // Callbacks of dropped writes learn their data never left, as after a failed write.
    failure = error instanceof Error ? error : new Error('response replaced after a failed session commit');
    for (const { args } of dropped) dropAfterFailure(args, undefined);
  };

  const hold = (method: Method, result: (self: ServerResponse) => unknown) =>
    function held(this: ServerResponse, ...args: unknown[]): unknown {
      if (state === 'open') return original[method].apply(this, args);
      if (state === 'failed') return dropAfterFailure(args, result(this));
      queue.push({ method, args: method === 'writeHead' ? absorbHeaders(this, args) : args });
      if (state === 'idle') {
        const explicit = method === 'writeHead';
        begin(explicit ? Number(args[0]) : this.statusCode, !explicit);
      }
      if (method === 'write') owesDrain = true;
      return result(this);
    };

  res.writeHead = hold('writeHead', (self) => self) as unknown as ServerResponse['writeHead'];
  res.write = hold('write', () => false) as unknown as ServerResponse['write'];
  res.end = hold('end', (self) => self) as unknown as ServerResponse['end'];
  res.flushHeaders = hold('flushHeaders', () => undefined) as unknown as ServerResponse['flushHeaders'];

  return {
    release(): boolean {
      if (state !== 'idle') return false;
      state = 'open';
      return true;
    },
  };
}

/**
 * Applies the headers passed to `writeHead` now, the way Node itself merges them, so the
 * commit sees (and adds to) them rather than being overwritten when the call is replayed.
 */
function absorbHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  const [status, second, third] = args;
  const reason = typeof second === 'string' ? second : undefined;
  const headers = reason === undefined ? second : third;
  if (Array.isArray(headers)) {
    // Node's flat [name, value, name, value] form: replaces earlier values, keeps duplicates.
    if (headers.length % 2 !== 0) throw new TypeError('writeHead: headers array must hold name/value pairs');
    for (let i = 0; i < headers.length; i += 2) res.removeHeader(String(headers[i]));
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i]) res.appendHeader(String(headers[i]), headers[i + 1] as string | string[]);
    }
  } else if (typeof headers === 'object' && headers !== null) {
    for (const [name, value] of Object.entries(headers)) {
      if (name && value !== undefined) res.setHeader(name, value as string | number | readonly string[]);
    }
  }
  return reason === undefined ? [status] : [status, reason];
}
