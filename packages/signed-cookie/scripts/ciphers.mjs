// Seal+open of a 1 KB plaintext with each AEAD node:crypto offers, pooled nonces as the engine uses.
// Variants are interleaved per round; medians and minimums in µs. Run: node packages/signed-cookie/scripts/ciphers.mjs
import { createCipheriv, createDecipheriv, randomBytes, randomFillSync } from 'node:crypto';

const size = Number(process.argv[2] ?? 1024);
const key = randomBytes(32);
const aad = Buffer.from('e1');
const plaintext = randomBytes(size);
const pool = Buffer.alloc(12 * 256);
let offset = pool.length;

function sealOpen(cipher) {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const nonce = pool.subarray(offset, offset + 12);
  offset += 12;
  const c = createCipheriv(cipher, key, nonce, { authTagLength: 16 }).setAAD(aad);
  const sealed = Buffer.concat([c.update(plaintext), c.final()]);
  const d = createDecipheriv(cipher, key, nonce, { authTagLength: 16 }).setAAD(aad).setAuthTag(c.getAuthTag());
  return Buffer.concat([d.update(sealed), d.final()]);
}

const samples = { 'aes-256-gcm': [], 'chacha20-poly1305': [] };
for (let round = 0; round < 31; round++) {
  for (const cipher of Object.keys(samples)) {
    const n = 3000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sealOpen(cipher);
    samples[cipher].push(Number(process.hrtime.bigint() - start) / n / 1000);
  }
}
for (const [cipher, xs] of Object.entries(samples)) {
  xs.sort((a, b) => a - b);
  process.stdout.write(
    `${size} B ${cipher.padEnd(18)} median ${xs[xs.length >> 1].toFixed(2)} µs  min ${xs[0].toFixed(2)} µs\n`,
  );
}
