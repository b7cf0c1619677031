import { BadSignatureError } from '../../src/errors.js';
import {
  b62Decode,
  b62Encode,
  b64Decode,
  b64DecodeInto,
  b64DecodeLatin1,
  b64Encode,
  b64EncodeLatin1,
} from '../../src/signing/encoding.js';

describe('b64Encode / b64Decode', () => {
  it('is base64url without padding, as Django b64_encode', () => {
    expect(b64Encode(Buffer.from([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(b64Encode(Buffer.from('a'))).toBe('YQ');
    expect(b64Encode(Buffer.from('ab'))).toBe('YWI');
    expect(b64Encode(new Uint8Array(0))).toBe('');
  });

  it('round-trips every length and a subarray view', () => {
    const bytes = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 37) & 0xff));
    for (let n = 0; n <= bytes.length; n++) {
      const slice = bytes.subarray(0, n);
      expect(b64Decode(b64Encode(slice)).equals(slice)).toBe(true);
    }
    const view = new Uint8Array(bytes.buffer, 3, 5);
    expect(b64Decode(b64Encode(view)).equals(Buffer.from(view))).toBe(true);
  });

  it.each([
    ['padding', 'YQ=='],
    ['single padding', 'YWI='],
    ['standard-alphabet +', 'a+b-'],
    ['standard-alphabet /', 'a/b_'],
    ['whitespace', 'YW I'],
    ['newline', 'YWJj\n'],
    ['length % 4 == 1', 'YWJjZ'],
    ['non-zero trailing bits (2 chars)', 'YR'],
    ['non-zero trailing bits (3 chars)', 'YWJ'],
    ['dot', '.YWJj'],
    ['non-ASCII', 'YWJjé'],
  ])('rejects %s with BadSignatureError', (_name, text) => {
    expect(() => b64Decode(text)).toThrow(BadSignatureError);
  });

  it("decodes into a larger buffer, writing only the text's bytes, and answers -1 where b64Decode throws", () => {
    const into = Buffer.alloc(16, 0xee);
    expect(b64DecodeInto('YWJjZA', into)).toBe(4);
    expect(into.subarray(0, 5)).toEqual(Buffer.from([0x61, 0x62, 0x63, 0x64, 0xee]));
    for (const text of ['YQ==', 'a+b-', 'YWJjZ', 'YR', 'YWJjé', '.YWJj']) expect(b64DecodeInto(text, into)).toBe(-1);
    expect(b64DecodeInto('', into)).toBe(0);
  });

  it('rejects exactly the spellings whose last character has non-zero unused bits', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const prefix of ['', 'YWJj', 'YW', 'Y']) {
      for (const last of alphabet) {
        const text = `${prefix}${last}`;
        if (text.length % 4 === 0 || text.length % 4 === 1) continue;
        const canonical = Buffer.from(text, 'base64url').toString('base64url') === text;
        if (canonical) expect(b64Encode(b64Decode(text))).toBe(text);
        else expect(() => b64Decode(text)).toThrow(BadSignatureError);
      }
    }
  });

  it('rejects every character outside [A-Za-z0-9_-], at any position and any length', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const foreign: string[] = [];
    for (let code = 0; code < 0x300; code++) {
      const ch = String.fromCharCode(code);
      if (!alphabet.includes(ch)) foreign.push(ch);
    }
    // Characters whose low byte is in the alphabet (U+0141 is 'A' + 0x100), and astral ones.
    foreign.push('\u0141', '\uff41', '\ud834\udd1e', '\ud834');
    // 31,680 texts: checked in a plain loop and asserted once (an expect().toThrow each took 8 s),
    // naming every text that decoded or threw anything but BadSignatureError.
    const accepted: string[] = [];
    const refusedWrongly = (text: string): boolean => {
      try {
        b64Decode(text);
        return true;
      } catch (error) {
        return !(error instanceof BadSignatureError);
      }
    };
    let checked = 0;
    for (const base of ['YQ', 'YWI', 'YWJj', 'YWJjZA', 'YWJjZGU']) {
      for (const ch of foreign) {
        for (const pos of [0, 1, base.length]) {
          const inserted = base.slice(0, pos) + ch + base.slice(pos);
          const replaced = base.slice(0, pos) + ch + base.slice(pos + 1);
          for (const text of [inserted, replaced, `${inserted}AA`]) {
            checked += 1;
            if (refusedWrongly(text)) accepted.push(JSON.stringify(text));
          }
        }
      }
    }
    expect(checked).toBe(5 * foreign.length * 3 * 3);
    expect(accepted).toEqual([]);
  });

  it('agrees with encoding the bytes back and comparing, on 20,000 generated texts', () => {
    // The definition of canonical: Node's decoding, encoded back, gives the text again.
    const oracle = (text: string): Buffer | null => {
      const bytes = Buffer.from(text, 'base64url');
      return bytes.toString('base64url') === text ? bytes : null;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const intruders = [
      '+',
      '/',
      '=',
      '==',
      ' ',
      '\n',
      '.',
      ':',
      '\u00e9',
      '\u0141',
      '\uff41',
      '\ud834\udd1e',
      '\u0000',
    ];
    let state = 0x2545f491;
    const next = (below: number): number => {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return state % below;
    };
    const into = Buffer.alloc(64);
    let canonical = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = next(41); n > 0; n--) text += alphabet[next(64)];
      // Half stay pure (only the last character's unused bits may be off); the rest get an intruder.
      if (next(2) === 1) {
        const at = next(text.length + 1);
        const odd = next(3) === 0 ? String.fromCharCode(next(0x300)) : (intruders[next(intruders.length)] as string);
        text = text.slice(0, at) + odd + text.slice(at + next(2));
      }
      const expected = oracle(text);
      const length = b64DecodeInto(text, into);
      expect([text, length]).toEqual([text, expected === null ? -1 : expected.length]);
      if (expected !== null) {
        canonical++;
        expect(into.subarray(0, length).equals(expected)).toBe(true);
      }
    }
    // Both outcomes were exercised, thousands of times (about a third of the texts are canonical).
    expect(canonical).toBeGreaterThan(2000);
    expect(canonical).toBeLessThan(10_000);
  });

  it('reads a text held in a two-byte string as the same text held in a one-byte one', () => {
    // Slices of a string with a character beyond Latin-1 may keep its two-byte storage.
    const holder = (text: string): string => `${text}\u0141`.slice(0, text.length);
    expect(b64Decode(holder('YWJj')).toString()).toBe('abc');
    expect(b64Decode(holder('YWI')).toString()).toBe('ab');
    expect(() => b64Decode(holder('YWJj\u00e9'))).toThrow(BadSignatureError);
    expect(() => b64Decode(holder('YW+j'))).toThrow(BadSignatureError);
  });

  it('accepts the canonical spellings next to the rejected ones', () => {
    expect(b64Decode('YQ').toString()).toBe('a');
    expect(b64Decode('YWI').toString()).toBe('ab');
    expect(b64Decode('').length).toBe(0);
  });
});

describe('b64EncodeLatin1 / b64DecodeLatin1 (through a kept buffer)', () => {
  const latin1Text = (length: number, seed: number): string =>
    Array.from({ length }, (_, i) => String.fromCharCode((i * 131 + seed) & 0xff)).join('');

  it('give what b64Encode and b64Decode give, below, at and past the kept buffer (64 KiB)', () => {
    for (const length of [0, 1, 2, 3, 1079, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000]) {
      const text = latin1Text(length, length);
      const encoded = b64EncodeLatin1(text);
      expect(encoded).toBe(b64Encode(Buffer.from(text, 'latin1')));
      expect(b64DecodeLatin1(encoded)).toBe(b64Decode(encoded).toString('latin1'));
      expect(b64DecodeLatin1(encoded)).toBe(text);
    }
  });

  it('return texts that a later call leaves unchanged', () => {
    const first = b64DecodeLatin1(b64EncodeLatin1('first value'));
    const firstEncoded = b64EncodeLatin1('xyz');
    b64DecodeLatin1(b64EncodeLatin1('a different and longer value'));
    expect([first, firstEncoded]).toEqual(['first value', 'eHl6']);
  });

  it('refuse what b64Decode refuses, with BadSignatureError, and keep nothing of it', () => {
    for (const text of ['YQ==', 'a+b-', 'YWJjZ', 'YR', 'YWJj\u00e9', 'YWJj\u0141', '.YWJj', `${'A'.repeat(90_000)}=`]) {
      expect(() => b64Decode(text)).toThrow(BadSignatureError);
      expect(() => b64DecodeLatin1(text)).toThrow(BadSignatureError);
    }
    expect(b64DecodeLatin1('YWJj')).toBe('abc');
  });
});

describe('b62Encode / b62Decode (TestBase62)', () => {
  it('matches Django for known values', () => {
    expect(b62Encode(0)).toBe('0');
    expect(b62Encode(123456789)).toBe('8M0kX');
    expect(b62Encode(1700000000)).toBe('1r31eq');
    expect(b62Encode(-1)).toBe('-1');
    expect(b62Decode('8M0kX')).toBe(123456789);
  });

  it('round-trips -(10**10), 10**10, 1620378259 and range(-100, 100)', () => {
    const tests = [-(10 ** 10), 10 ** 10, 1620378259];
    for (let i = -100; i < 100; i++) tests.push(i);
    for (const n of tests) expect(b62Decode(b62Encode(n))).toBe(n);
  });

  it('decodes "-0" to 0 and rejects empty, foreign digits and unsafe numbers', () => {
    expect(Object.is(b62Decode('-0'), 0)).toBe(true);
    for (const bad of ['', '-', 'a b', '+1', 'zzzzzzzzzzzz']) expect(() => b62Decode(bad)).toThrow();
    expect(() => b62Encode(1.5)).toThrow();
    expect(() => b62Encode(Number.NaN)).toThrow();
  });
});
