import { DJANGO_SESSION_SALT, dumps } from '@sessionkit/core';
import type { RecordDamage } from '@sessionkit/conformance';
import { TEST_SECRET } from './names';

/** The codec text damaged as the conformance suite asks. */
export function damagedData(text: string, damage: RecordDamage): string {
  if (damage === 'undecodable') {
    // Signed with the right secret and salt, but not an object: passes the MAC, fails decoding.
    return dumps([1, 2, 3], { key: TEST_SECRET, salt: DJANGO_SESSION_SALT, compress: true });
  }
  const cut = text.lastIndexOf(':') + 1;
  const flipped = text[cut] === 'A' ? 'B' : 'A';
  return `${text.slice(0, cut)}${flipped}${text.slice(cut + 1)}`;
}
