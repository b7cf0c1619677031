import type { ServerResponse } from 'node:http';
import type { FailureResponse } from '../../http/failure.js';
import {
  type HeldBase,
  type HeldMethod as Method,
  heldBaseOf,
  methodsOf,
  type Originals,
  type PrototypeHold,
} from './held-prototype.js';
import { holdThroughOwnMethods } from './held-own.js';
import { absorbHeaders, Call, heldResult } from './held-calls.js';

/** `headersSent` once a hold has begun: one shared descriptor for a plain data property. */
const SENT: PropertyDescriptor = Object.freeze({ value: true, writable: false, enumerable: true, configurable: true });

/** Control over a held response. */
export interface ResponseHold {
  /**
   * Lets the response through untouched if nothing was written yet, and says whether it did.
   * For adapters that commit another way (Koa) and keep the hold only as a fallback.
   */
  release(): boolean;
}

/**
 * What the hold asks its owner. `context` is the value given to `holdResponse`, so one callbacks
 * object can serve every request (no closures per request).
 */
export interface HoldCallbacks<C = undefined> {
  /**
   * Asked synchronously at the first send: false when there is nothing to commit, and the
   * response then goes through untouched (no queue, no promise). Absent: always hold.
   */
  needed?(status: number, res: ServerResponse, context: C): boolean;
  /** Runs once, when the app first sends headers or body: patch `res`'s headers here. */
  beforeHeaders(status: number, res: ServerResponse, context: C): Promise<void>;
  /** `beforeHeaders` failed: what to answer instead of the app's held output. */
  onFailure(error: unknown, res: ServerResponse, context: C): FailureResponse;
  /**
   * Asked when `beforeHeaders` failed after the app had ended its response (its run has written
   * all it will): true resets the response (held output dropped, headers removed, status 200,
   * nothing sent) and calls `rerun`, which runs the app again on it.
   */
  shouldRerun?(error: unknown, context: C): boolean;
  rerun?(res: ServerResponse, context: C): void;
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
 *
 * This runs on every request, so it stays cheap: five data properties assigned up front (four
 * methods shared by all responses, and the hold: held-own.ts), one object, no accessor defined
 * and no property deleted on `res` (either pushes the response into V8's dictionary mode, which
 * slows all of Node's http code that touches it afterwards). A response whose prototype was
 * switched (Express) is held through methods on a shared prototype instead, and gets only the
 * hold as an own property (held-prototype.ts). `chosenBase`: the base `heldBaseOf` gave when the
 * response was opened, used even if middleware since then gave `res` methods of its own (they
 * call through the base), unless another hold took the base meanwhile; null when it gave none
 * (a plain node:http response: no need to walk its prototypes again).
 */
export function holdResponse<C = undefined>(
  res: ServerResponse,
  callbacks: HoldCallbacks<C>,
  context?: C,
  chosenBase?: HeldBase | null,
): ResponseHold {
  const base =
    chosenBase === null ? undefined : chosenBase !== undefined && !chosenBase.holds(res) ? chosenBase : heldBaseOf(res);
  if (base !== undefined) {
    const hold = new Hold(res, callbacks, context as C, base.originals, true);
    base.attach(res, hold);
    return hold;
  }
  const hold = new Hold(res, callbacks, context as C, methodsOf(res), false);
  if (holdThroughOwnMethods(res, hold)) return hold;
  // Held already (a second hold): closures that call through to the first hold's methods.
  // Plain function expressions assigned to members: no per-request naming helpers from bundlers.
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    return hold.call('writeHead', this, args);
  } as ServerResponse['writeHead'];
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    return hold.call('write', this, args);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    return hold.call('end', this, args);
  } as ServerResponse['end'];
  res.flushHeaders = function (this: ServerResponse, ...args: unknown[]) {
    return hold.call('flushHeaders', this, args);
  } as ServerResponse['flushHeaders'];
  return hold;
}

class Hold<C> implements ResponseHold, PrototypeHold {
  /** Held through a shared prototype (held-prototype.ts), not own properties on `res`. */
  readonly #viaPrototype: boolean;
  #reportsSent = false;
  readonly #res: ServerResponse;
  readonly #callbacks: HoldCallbacks<C>;
  readonly #context: C;
  readonly #original: Originals;
  #state: 'idle' | 'holding' | 'open' | 'failed' = 'idle';
  #head: Call | undefined = undefined;
  #tail: Call | undefined = undefined;
  #owesDrain = false;
  #failure: Error | undefined;

  constructor(
    res: ServerResponse,
    callbacks: HoldCallbacks<C>,
    context: C,
    original: Originals,
    viaPrototype: boolean,
  ) {
    this.#res = res;
    this.#callbacks = callbacks;
    this.#context = context;
    this.#original = original;
    this.#viaPrototype = viaPrototype;
  }

  get reportsSent(): boolean {
    return this.#reportsSent;
  }

  release(): boolean {
    if (this.#state !== 'idle') return false;
    this.#state = 'open';
    return true;
  }

  /** One patched method call: straight through once open, else queued (or dropped after a failure). */
  call(method: Method, self: ServerResponse, args: unknown[]): unknown {
    const state = this.#state;
    if (state === 'open') return this.#original[method].apply(self, args);
    if (state === 'failed') return this.#drop(args, heldResult(method, self));
    if (state === 'holding') {
      this.#enqueue(method, method === 'writeHead' ? absorbHeaders(self, args) : args);
    } else {
      const explicit = method === 'writeHead';
      const status = explicit ? Number(args[0]) : self.statusCode;
      // Nothing to commit (an untouched session): the response goes out as if never held.
      if (this.#callbacks.needed?.(status, this.#res, this.#context) === false) {
        this.#state = 'open';
        return this.#original[method].apply(self, args);
      }
      this.#enqueue(method, explicit ? absorbHeaders(self, args) : args);
      this.#begin(status, !explicit);
    }
    if (method === 'write') this.#owesDrain = true;
    return heldResult(method, self);
  }

  #enqueue(method: Method, args: unknown[]): void {
    const call = new Call(method, args);
    if (this.#tail === undefined) this.#head = call;
    else this.#tail.next = call;
    this.#tail = call;
  }

  /** The queued calls, first to last; the queue is empty afterwards. */
  #take(): Call | undefined {
    const head = this.#head;
    this.#head = undefined;
    this.#tail = undefined;
    return head;
  }

  /** Whether the app has ended its response (an `end` is queued). */
  #ended(): boolean {
    for (let call = this.#head; call !== undefined; call = call.next) if (call.method === 'end') return true;
    return false;
  }

  #begin(status: number, implicit: boolean): void {
    this.#state = 'holding';
    // From here on the headers have left or will (a failure sends its own answer) and stay sent,
    // so a constant data property tells the truth for good: no accessor, nothing to delete later.
    if (this.#viaPrototype) this.#reportsSent = true;
    else Object.defineProperty(this.#res, 'headersSent', SENT);
    let commit: Promise<void>;
    try {
      commit = this.#callbacks.beforeHeaders(status, this.#res, this.#context);
    } catch (error) {
      commit = Promise.reject(error);
    }
    commit.then(
      () => this.#replay(implicit ? status : undefined),
      (error: unknown) => this.#fail(error),
    );
  }

  #replay(implicitStatus: number | undefined): void {
    const res = this.#res;
    this.#state = 'open';
    // The app may have changed statusCode after its first write; the committed status is the one sent.
    if (implicitStatus !== undefined) res.statusCode = implicitStatus;
    const calls = this.#take();
    try {
      for (let call = calls; call !== undefined; call = call.next) this.#original[call.method].apply(res, call.args);
    } catch (error) {
      // What would have thrown at the app's call site (an invalid header, say) now can only abort.
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    if (this.#owesDrain && !res.writableNeedDrain && !res.writableEnded) res.emit('drain');
  }

  #fail(error: unknown): void {
    const res = this.#res;
    if (this.#ended() && this.#callbacks.shouldRerun?.(error, this.#context)) {
      this.#restart(error);
      return;
    }
    this.#state = 'failed';
    const dropped = this.#take();
    let answer: FailureResponse;
    try {
      answer = this.#callbacks.onFailure(error, res, this.#context);
    } catch {
      answer = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Internal Server Error' };
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    try {
      this.#original.writeHead.call(res, answer.status, {
        ...answer.headers,
        'content-length': Buffer.byteLength(answer.body),
      });
      this.#original.end.call(res, answer.body);
    } catch {
      res.destroy();
    }
    // Callbacks of dropped writes learn their data never left, as after a failed write.
    this.#failure = error instanceof Error ? error : new Error('response replaced after a failed session commit');
    for (let call = dropped; call !== undefined; call = call.next) this.#drop(call.args, undefined);
  }

  /** Back to before the app's first send, then the owner runs the app again. */
  #restart(error: unknown): void {
    const res = this.#res;
    const dropped = this.#take();
    this.#owesDrain = false;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = 200;
    res.statusMessage = '';
    // Node's own getter again (nothing was sent). Deleting costs this response its fast
    // properties, but only on this rare path.
    if (this.#viaPrototype) this.#reportsSent = false;
    else delete (res as { headersSent?: boolean }).headersSent;
    this.#state = 'idle';
    this.#failure = error instanceof Error ? error : new Error('response restarted after a failed session commit');
    for (let call = dropped; call !== undefined; call = call.next) this.#drop(call.args, undefined);
    this.#callbacks.rerun?.(res, this.#context);
  }

  #drop(args: unknown[], value: unknown): unknown {
    const callback = args.find((arg) => typeof arg === 'function') as ((error?: Error) => void) | undefined;
    if (callback !== undefined) process.nextTick(callback, this.#failure);
    return value;
  }
}
