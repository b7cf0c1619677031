import { isValidKey } from '@sessionkit/core';
import type { CaseContext } from '../case.js';

/** Keys no engine's rules accept: traversal, separators, control characters, far too long, too short. */
const OUTSIDE_ANY_RULES = [
  '../../../../etc/passwd',
  'a/b/c/defgh',
  'abcd\u0000efgh',
  'abcd efgh',
  'a'.repeat(4096),
  '',
  // Under the 8-character floor of stored engines; filtered out wherever the declared rules accept it.
  'abc1234',
];

/** Characters a lax check lets through (URL-safe base64, dots, percent escapes, non-ASCII). */
const STRAY_CHARACTERS = ['-', '_', '.', '~', '+', '=', '/', '%', ':', '@', 'é'];

/** Longest key a length probe is built for: past it, the fixed 4 KB probe covers the length rule. */
const LONGEST_PROBE = 4096;

/** `length` characters cut from fresh keys, so only the length can break the declared rules. */
function freshText(context: CaseContext, length: number): string {
  let text = '';
  while (text.length < length) text += context.freshKey();
  return text.slice(0, length);
}

/**
 * Keys just outside what the engine declares, derived from its own rules: one character under
 * minKeyLength, one over maxKeyLength, the upper-case form of a valid key, and a valid key with
 * one character the pattern refuses. A fixed list alone passes an engine whose own check is laxer
 * than the rules it declares (say `[A-Za-z0-9_-]{8,200}` behind the defaults).
 */
function probesFromRules(context: CaseContext): string[] {
  const { minKeyLength, maxKeyLength } = context.capabilities;
  const probes: string[] = [];
  if (minKeyLength >= 1) probes.push(freshText(context, minKeyLength - 1));
  if (maxKeyLength < LONGEST_PROBE) probes.push(freshText(context, maxKeyLength + 1));
  const base = freshText(context, Math.min(Math.max(32, minKeyLength), maxKeyLength));
  // Rules whose pattern fresh keys do not fit give nothing to derive from.
  if (!isValidKey(base, context.capabilities)) return probes;
  // A letter at the front, so the upper-case form differs even from an otherwise all-digit key.
  const lettered = /[a-z]/.test(base) ? base : `a${base.slice(1)}`;
  probes.push(lettered.toUpperCase());
  const middle = Math.floor(base.length / 2);
  for (const stray of STRAY_CHARACTERS) probes.push(base.slice(0, middle) + stray + base.slice(middle + 1));
  return probes;
}

/** The fixed hostile keys and the probes from the declared rules that those rules refuse. */
export function outsideRules(context: CaseContext): string[] {
  const candidates = [...OUTSIDE_ANY_RULES, ...probesFromRules(context)];
  return [...new Set(candidates)].filter((candidate) => !isValidKey(candidate, context.capabilities));
}

/** A key as a failure message shows it: its start, quoted, and its length. */
export function showKey(key: string): string {
  const shown = JSON.stringify(key.slice(0, 48));
  return `${shown}${key.length > 48 ? '…' : ''} (${key.length} characters)`;
}
