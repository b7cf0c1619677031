import type { ServerResponse } from 'node:http';
import { addVaryCookie, privateCacheControl } from '../../http/headers.js';
import type { CommitResult } from '../../http/manager.js';

/** Writes a commit's headers onto a Node response whose headers have not left yet. */
export function applyCommitToNode(res: ServerResponse, result: CommitResult): void {
  if (result.setCookie !== null) {
    const existing = res.getHeader('set-cookie');
    res.setHeader('Set-Cookie', existing === undefined ? result.setCookie : [...headerList(existing), result.setCookie]);
  }
  if (result.vary) res.setHeader('Vary', addVaryCookie(headerText(res.getHeader('vary'))));
  if (result.cacheControlPrivate) {
    res.setHeader('Cache-Control', privateCacheControl(headerText(res.getHeader('cache-control'))));
  }
}

/** The same headers as a plain record, for frameworks that take one (Koa's `err.headers`). */
export function commitHeaderRecord(
  result: CommitResult,
  existing: Record<string, unknown> = {},
): Record<string, string | string[]> {
  const find = (name: string): unknown => Object.entries(existing).find(([key]) => key.toLowerCase() === name)?.[1];
  const out: Record<string, string | string[]> = {};
  if (result.setCookie !== null) out['set-cookie'] = [...headerList(find('set-cookie')), result.setCookie];
  if (result.vary) out.vary = addVaryCookie(headerText(find('vary')));
  if (result.cacheControlPrivate) out['cache-control'] = privateCacheControl(headerText(find('cache-control')));
  return out;
}

function headerList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}
