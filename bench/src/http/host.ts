/**
 * One HTTP contender's server in a process of its own (forked by src/http/hosting.ts), so that
 * no other contender's garbage, heap or type feedback lands in its rounds: node's http internals
 * stay specialised to this one app, and its CPU time is its own. Protocol (IPC), each answered
 * with the same id: listen (build the app by id and listen, answer the port), cpu (this
 * process's CPU µs so far), gc, check (the app's own after-check), close.
 */
import type { Server } from 'node:http';
import { removeWorkdir } from '../workdir.js';
import type { HttpApp } from './apps.js';
import { type AppRef, buildApp } from './registry.js';

export type HostRequest =
  | { id: number; type: 'listen'; ref: AppRef }
  | { id: number; type: 'cpu' | 'gc' | 'check' | 'close' };

export type HostReply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

let app: HttpApp | undefined;
let server: Server | undefined;

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.type) {
    case 'listen': {
      app = buildApp(request.ref);
      server = await app.listen();
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      return address.port;
    }
    case 'cpu': {
      const cpu = process.cpuUsage();
      return cpu.user + cpu.system;
    }
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      return undefined;
    case 'check':
      app?.check?.();
      return undefined;
    case 'close': {
      const open = server;
      if (open !== undefined) {
        open.closeAllConnections();
        await new Promise<void>((resolve) => open.close(() => resolve()));
      }
      await app?.close?.();
      removeWorkdir();
      return undefined;
    }
  }
}

process.on('message', (request: HostRequest) => {
  handle(request).then(
    (result) => process.send?.({ id: request.id, ok: true, result } satisfies HostReply),
    (error: unknown) =>
      process.send?.({
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies HostReply),
  );
});
// Some peers leave timers behind (better-sqlite3-session-store's cleanup interval).
process.on('disconnect', () => process.exit(0));
