import { randomBytes } from 'node:crypto';
import type { SessionData } from '@sessionkit/core';

/** A deterministic PRNG (mulberry32), so every contender stores the same bytes. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function token(next: () => number, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * 64)];
  return out;
}

/**
 * A realistic session dict whose JSON is about `bytes` long: Django's auth keys, a CSRF
 * token, a flash message and cart lines (repetitive, as real carts are).
 */
export function sessionData(bytes: number, seed = 7): SessionData {
  const next = prng(seed);
  const data: SessionData = {
    _auth_user_id: '4821',
    _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
    _auth_user_hash: token(next, 64),
    csrftoken: token(next, 32),
    flash: [{ level: 20, message: 'Your order has been placed.' }],
    n: 0,
    cart: [],
  };
  const cart = data.cart as SessionData[];
  for (let i = 0; JSON.stringify(data).length < bytes; i++) {
    cart.push({
      sku: `SKU-${100_000 + Math.floor(next() * 900_000)}`,
      qty: 1 + (i % 3),
      price: 499 + Math.floor(next() * 9000),
      title: 'Wool socks, 3 pack',
    });
  }
  return data;
}

/** The fields a round trip must give back unchanged (reserved keys that stores add are ignored). */
export function payloadKeys(data: SessionData): string[] {
  return Object.keys(data);
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random 32-character [a-z0-9] session key, the form every stored contender accepts. */
export function sessionKey(): string {
  const bytes = randomBytes(48);
  let key = '';
  for (const byte of bytes) {
    if (byte < 252) key += KEY_ALPHABET[byte % 36];
    if (key.length === 32) return key;
  }
  return sessionKey();
}

/** A 64-character secret: long enough for every contender (ours ask for 32 bytes, iron-session 32 chars). */
export const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef0123456789abcdef-x';

export const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
