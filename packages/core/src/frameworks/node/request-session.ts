import { IncomingMessage } from 'node:http';
import { swappedBase } from './swapped-base.js';

/** Per direct child of IncomingMessage.prototype: whether it carries the `session` accessor. */
const bases = new WeakMap<object, boolean>();
const sessions = new WeakMap<IncomingMessage, unknown>();

/**
 * Sets `req.session` without adding an own property where that is dear.
 *
 * Express gives every request its app's prototype (`Object.setPrototypeOf(req, app.request)`),
 * and V8 then builds new hidden classes for each property added to such an object: ~11 µs per
 * request for `req.session` on Node 20, against ~0.05 µs on a plain IncomingMessage. Every
 * Express app's request prototype (a mounted sub-app's too) descends from one object made with
 * `Object.create(IncomingMessage.prototype)`; that base gets a `session` accessor once, backed by
 * a WeakMap, so `req.session = x` and `req.session` work as before (another library's
 * assignment lands in the same place). On node:http the property is a plain own one.
 */
export function setRequestSession(req: IncomingMessage, session: unknown): void {
  const base = swappedBase(req, IncomingMessage.prototype);
  if (base !== undefined && !Object.hasOwn(req, 'session')) {
    let ready = bases.get(base);
    if (ready === undefined) {
      ready = !Object.hasOwn(base, 'constructor') && !Object.hasOwn(base, 'session') && Object.isExtensible(base);
      if (ready) defineAccessor(base);
      bases.set(base, ready);
    }
    if (ready) {
      sessions.set(req, session);
      return;
    }
  }
  (req as { session?: unknown }).session = session;
}

function defineAccessor(base: object): void {
  Object.defineProperty(base, 'session', {
    get(this: IncomingMessage): unknown {
      return sessions.get(this);
    },
    set(this: IncomingMessage, value: unknown) {
      sessions.set(this, value);
    },
    configurable: true,
    enumerable: false,
  });
}
