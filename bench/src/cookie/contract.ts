import { deepStrictEqual, ok } from 'node:assert/strict';
import type { SessionData } from '@sessionkit/core';
import { opRound } from '../harness/runner.js';
import type { Contender, Group, SuiteSpec } from '../harness/types.js';
import { sessionData } from '../payload.js';

type MaybePromise<T> = T | Promise<T>;

/**
 * One cookie contender: turns a session dict into what the cookie carries and back,
 * verifying (and decrypting) on the way in. Our engine, a peer's codec, or the raw primitive.
 */
export interface CookieCodec {
  readonly name: string;
  readonly group: Group;
  note?: string;
  open?(): Promise<void>;
  encode(data: SessionData): MaybePromise<string>;
  /** The data, or null when the value does not verify. */
  decode(value: string): MaybePromise<SessionData | null>;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as Promise<unknown>).then === 'function';

function encodeDecode(codec: CookieCodec, data: SessionData, i: number): unknown {
  data.n = i;
  const verify = (decoded: SessionData | null): void => {
    if (decoded === null || decoded.n !== i) throw new Error(`${codec.name}: value did not decode`);
  };
  const decode = (value: string): unknown => {
    const decoded = codec.decode(value);
    return isPromise(decoded) ? decoded.then(verify) : verify(decoded);
  };
  const value = codec.encode(data);
  return isPromise(value) ? value.then(decode) : decode(value);
}

export async function cookieRoundTrip(codec: CookieCodec, bytes: number): Promise<void> {
  const data: SessionData = { ...sessionData(bytes, 99), marker: 'round-trip' };
  const value = await codec.encode(structuredClone(data));
  const decoded = await codec.decode(value);
  ok(decoded !== null, `${codec.name}: a fresh value did not decode`);
  for (const field of Object.keys(data))
    deepStrictEqual(decoded[field], data[field], `${codec.name}: field ${field} differs`);
  // One flipped character in the middle must be refused.
  const at = value.length >> 1;
  const tampered = value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
  let refused: SessionData | null = null;
  try {
    refused = await codec.decode(tampered);
  } catch {
    refused = null;
  }
  ok(refused === null, `${codec.name}: a tampered value was accepted`);
}

export function cookieContender(codec: CookieCodec, bytes: number): Contender {
  const data = sessionData(bytes);
  return {
    name: codec.name,
    group: codec.group,
    get note() {
      return codec.note;
    },
    async setup() {
      await codec.open?.();
      const length = (await codec.encode(structuredClone(data))).length;
      codec.note = `${codec.note ?? ''}${codec.note ? '; ' : ''}cookie value ${length} chars`;
    },
    check: () => cookieRoundTrip(codec, bytes),
    round: opRound((i) => encodeDecode(codec, data, i)),
  };
}

export function cookieSuite(
  codecs: CookieCodec[],
  options: { id: string; title: string; description: string; sessionBytes: number; rounds?: number },
): SuiteSpec {
  return {
    id: options.id,
    title: options.title,
    unit: 'encode+decode',
    description: options.description,
    rounds: options.rounds ?? 7,
    budget: { maxOps: 20_000, maxMs: 250 },
    warmup: { maxOps: 3_000, maxMs: 150 },
    contenders: codecs.map((codec) => cookieContender(codec, options.sessionBytes)),
  };
}
