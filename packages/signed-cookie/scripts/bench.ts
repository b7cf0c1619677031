// Seal+open of a ~1 KB session against raw HMAC-SHA256 baselines. Variants are interleaved
// round by round so that noise from other processes hits them alike; medians are reported.
// Run: npx tsx --conditions=@sessionkit/source packages/signed-cookie/scripts/bench.ts
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionData, SessionRecord } from '@sessionkit/core';
import { createSignedCookieEngine, type SignedCookieEngineOptions } from '@sessionkit/signed-cookie';

const secret = randomBytes(32).toString('hex');
const data: SessionData = {
  _auth_user_id: '4821',
  _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
  _auth_user_hash: randomBytes(32).toString('hex'),
  csrftoken: randomBytes(24).toString('base64url'),
  cart: Array.from({ length: 14 }, (_, i) => ({
    sku: `SKU-${100_000 + i * 7919}`,
    qty: 1 + (i % 3),
    price: 1999 + i * 37,
  })),
  flash: [{ level: 20, message: 'Your order has been placed. Merci !' }],
};
const json = JSON.stringify(data);
const record: SessionRecord = { data, expiresAt: new Date(Date.now() + 3_600_000) };
const hmacKey = randomBytes(32);

const variants: Record<string, () => unknown> = {
  'raw HMAC-SHA256 sign+verify of the JSON text': () => {
    const sig = createHmac('sha256', hmacKey).update(json).digest();
    return timingSafeEqual(sig, createHmac('sha256', hmacKey).update(json).digest());
  },
  'raw cookie: JSON+b64url+HMAC, verify+parse': () => {
    const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
    const value = `${payload}.${createHmac('sha256', hmacKey).update(payload).digest('base64url')}`;
    const dot = value.lastIndexOf('.');
    const expected = createHmac('sha256', hmacKey).update(value.slice(0, dot)).digest('base64url');
    timingSafeEqual(Buffer.from(value.slice(dot + 1)), Buffer.from(expected));
    return JSON.parse(Buffer.from(value.slice(0, dot), 'base64url').toString());
  },
};
const engines: [string, Partial<SignedCookieEngineOptions>][] = [
  ['engine, signed, defaults (compresses: JSON >= 512 B)', {}],
  ['engine, signed, compress: false', { compress: false }],
  ['engine, encrypted (AES-256-GCM), defaults', { encrypt: true }],
];
for (const [label, options] of engines) {
  const engine = createSignedCookieEngine({ secret, ...options });
  let value = '';
  // The methods are async by contract; their work is synchronous, so a sync loop times it.
  void engine.create('k', record).then((v) => {
    value = v;
  });
  variants[label] = () => {
    void engine.create('k', record);
    return engine.load(value);
  };
}

setTimeout(main, 10);

function main(): void {
  const samples: Record<string, number[]> = {};
  for (const [label, op] of Object.entries(variants)) {
    samples[label] = [];
    for (let i = 0; i < 1000; i++) op();
  }
  for (let round = 0; round < 25; round++) {
    for (const [label, op] of Object.entries(variants)) {
      const n = 2000;
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) op();
      samples[label]?.push(Number(process.hrtime.bigint() - start) / n / 1000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;
  const min = (xs: number[]) => Math.min(...xs);
  // Minimums too: on a shared machine they are the least disturbed rounds.
  const [rawHmac = 0, rawCookie = 0] = Object.values(samples).map(median);
  const [rawHmacMin = 0, rawCookieMin = 0] = Object.values(samples).map(min);
  process.stdout.write(`session JSON: ${json.length} bytes\n`);
  for (const [label, xs] of Object.entries(samples)) {
    const m = median(xs);
    const lo = min(xs);
    process.stdout.write(
      `${label.padEnd(54)} median ${m.toFixed(1).padStart(6)} µs (${(rawHmac / m).toFixed(2)}x raw HMAC, ${(rawCookie / m).toFixed(2)}x raw cookie)  min ${lo.toFixed(1).padStart(6)} µs (${(rawHmacMin / lo).toFixed(2)}x, ${(rawCookieMin / lo).toFixed(2)}x)\n`,
    );
  }
}
