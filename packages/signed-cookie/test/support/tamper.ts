import type { SessionEngine } from '@sessionkit/core';
import type { Rig } from './fixtures.js';

/** Swaps the base64url character at `index` for another one. */
export function flipChar(value: string, index: number): string {
  const ch = value.charAt(index);
  const swapped = ch === 'A' ? 'B' : 'A';
  return value.slice(0, index) + swapped + value.slice(index + 1);
}

/**
 * Loads `value` and checks what every refusal must look like: null (a fresh empty
 * session), no throw, and log lines that carry neither the value nor the data.
 */
export async function expectRefused(
  { engine, log }: Pick<Rig, 'log'> & { engine: SessionEngine },
  value: string,
  markers: readonly string[] = [],
): Promise<void> {
  const before = log.entries.length;
  await expect(engine.load(value)).resolves.toBeNull();
  const said = JSON.stringify(log.entries.slice(before));
  // The value's signature part (or an encrypted blob) is a credential; it must never be logged.
  if (value.length >= 20) expect(said).not.toContain(value.slice(-20));
  for (const marker of markers) expect(said).not.toContain(marker);
}

/** The reason code of the last security warning. */
export function lastReason(rig: Pick<Rig, 'log'>): unknown {
  return rig.log.warnings().at(-1)?.meta?.reason;
}
