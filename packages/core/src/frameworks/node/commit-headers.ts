import type { ServerResponse } from 'node:http';
import { type HeaderAccess, headerList, writeCommitHeaders } from '../../http/commit-headers.js';
import type { CommitResult } from '../../http/manager.js';

/** Writes a commit's headers onto a Node response whose headers have not left yet. */
export function applyCommitToNode(res: ServerResponse, result: CommitResult): void {
  writeCommitHeaders(new NodeHeaders(res), result);
}

/** A Node response's headers: one small instance per commit, not a literal with three closures. */
class NodeHeaders implements HeaderAccess {
  constructor(readonly res: ServerResponse) {}

  get(name: 'vary' | 'cache-control'): unknown {
    return this.res.getHeader(name);
  }

  set(name: 'Vary' | 'Cache-Control', value: string): void {
    this.res.setHeader(name, value);
  }

  appendSetCookie(value: string): void {
    const existing = this.res.getHeader('set-cookie');
    this.res.setHeader('Set-Cookie', existing === undefined ? value : [...headerList(existing), value]);
  }
}
