import type { ServerResponse } from 'node:http';
import { headerList, writeCommitHeaders } from '../../http/commit-headers.js';
import type { CommitResult } from '../../http/manager.js';

/** Writes a commit's headers onto a Node response whose headers have not left yet. */
export function applyCommitToNode(res: ServerResponse, result: CommitResult): void {
  writeCommitHeaders(
    {
      get: (name) => res.getHeader(name),
      set: (name, value) => res.setHeader(name, value),
      appendSetCookie: (value) => {
        const existing = res.getHeader('set-cookie');
        res.setHeader('Set-Cookie', existing === undefined ? value : [...headerList(existing), value]);
      },
    },
    result,
  );
}

/** The same headers as a plain record, for frameworks that take one (Koa's `err.headers`). */
export function commitHeaderRecord(
  result: CommitResult,
  existing: Record<string, unknown> = {},
): Record<string, string | string[]> {
  const find = (name: string): unknown => Object.entries(existing).find(([key]) => key.toLowerCase() === name)?.[1];
  const out: Record<string, string | string[]> = {};
  writeCommitHeaders(
    {
      get: find,
      set: (name, value) => {
        out[name.toLowerCase()] = value;
      },
      appendSetCookie: (value) => {
        out['set-cookie'] = [...headerList(find('set-cookie')), value];
      },
    },
    result,
  );
  return out;
}
