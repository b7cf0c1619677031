import { pythonJsonDumps, SerializationError, type SessionData } from '@sessionkit/core';
import { rig } from './support/fixtures.js';

// The signed format skips pythonJsonDumps' rewrite pass when it would change nothing;
// the value must still carry exactly pythonJsonDumps' text.
const SAMPLES: SessionData[] = [
  { ascii: 'plain', n: [0, 1, -1, 1.5, 1e-21, 1e-4, 0.001, 123.456] },
  { tiny: 0.00001, neg: -0.00005 },
  { exp: 1e-7, negExp: -2.5e-9 },
  { accents: 'héllo', del: 'a\u007fb', cjk: '日本', emoji: '🎉' },
  { lookalikes: 'e- and 0.0000 in text only' },
  { lone: '\ud800', escapes: '"\\\u2028' },
  {},
];

test.each(SAMPLES.map((sample) => [JSON.stringify(sample), sample]))(
  '%s is sealed as pythonJsonDumps writes it',
  async (_name, sample) => {
    const r = rig({ compress: false });
    const value = await r.seal(sample);
    const payload = Buffer.from(value.split(':')[0] ?? '', 'base64url').toString('latin1');
    const expected = pythonJsonDumps(sample);
    expect(payload.startsWith(expected === '{}' ? '{' : expected.slice(0, -1))).toBe(true);
    expect((await r.engine.load(value))?.data).toEqual(sample);
  },
);

// The contract's JSON rules: numbers other readers (Python included) would not keep exactly.
test.each([
  ['1e21', 1e21],
  ['2^53', 2 ** 53],
  ['-0', -0],
])('refuses %s with SerializationError before sealing', async (_name, n) => {
  const r = rig({ compress: false });
  await expect(r.seal({ n })).rejects.toBeInstanceOf(SerializationError);
});
