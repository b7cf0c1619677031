// What zlib buys a session cookie, by size: characters saved and the deflate/inflate cost.
// Run: node packages/signed-cookie/scripts/compression.mjs
import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

const b64 = (n) => Math.ceil((n * 4) / 3);

/** Auth keys and a CSRF token, then cart lines (repetitive) or random tokens (incompressible-ish). */
function session(target, kind) {
  const s = {
    _auth_user_id: '4821',
    _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
    _auth_user_hash: randomBytes(32).toString('hex'),
  };
  for (let i = 0; JSON.stringify(s).length < target; i++) {
    s[`k${i}`] =
      kind === 'tokens'
        ? randomBytes(16).toString('base64url')
        : { sku: `SKU-${100000 + Math.floor(Math.random() * 900000)}`, qty: 1 + (i % 3), title: 'Wool socks, 3 pack' };
  }
  return Buffer.from(JSON.stringify(s));
}

function time(op) {
  const xs = [];
  for (let r = 0; r < 9; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) op();
    xs.push(Number(process.hrtime.bigint() - start) / 1000 / 1000);
  }
  return xs.sort((a, b) => a - b)[4].toFixed(1);
}

for (const kind of ['cart', 'tokens']) {
  for (const target of [128, 256, 384, 512, 768, 1024, 2048, 3000]) {
    const raw = session(target, kind);
    const zipped = deflateSync(raw);
    const saved = b64(raw.length) - (1 + b64(zipped.length));
    const pct = ((100 * saved) / b64(raw.length)).toFixed(0);
    process.stdout.write(
      `${kind.padEnd(6)} json ${String(raw.length).padStart(4)} B  saves ${String(saved).padStart(5)} chars (${pct.padStart(3)}%)  deflate ${time(() => deflateSync(raw))} µs  inflate ${time(() => inflateSync(zipped))} µs\n`,
    );
  }
}
