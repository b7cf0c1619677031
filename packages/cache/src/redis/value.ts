/**
 * The Redis value: the version token (possibly empty), a newline, the codec's text. The expiry
 * lives in the key's TTL only, so that PEXPIRE alone moves it.
 */
export function encodeRedisValue(version: string, data: string): string {
  return `${version}\n${data}`;
}

export function decodeRedisValue(value: string): { version: string; data: string } | null {
  const newline = value.indexOf('\n');
  if (newline < 0) return null;
  return { version: value.slice(0, newline), data: value.slice(newline + 1) };
}
