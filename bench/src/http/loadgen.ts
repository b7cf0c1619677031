/**
 * The load generator, run as a child process so that it and the servers each get one of
 * the two cores. It holds one pool of keep-alive connections per target and runs a round
 * when the parent asks. Protocol (IPC): open, round, close; each answered with a reply
 * carrying the same id.
 */
import { Connection, runLoad } from './client.js';

export type LoadgenRequest =
  | { id: number; type: 'open'; target: string; port: number; connections: number; cookie?: string; warmPath?: string }
  | { id: number; type: 'round'; target: string; path: string; maxRequests: number; maxMs: number }
  | { id: number; type: 'close'; target: string };

export type LoadgenReply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; error: string };

const pools = new Map<string, Connection[]>();

async function handle(request: LoadgenRequest): Promise<unknown> {
  switch (request.type) {
    case 'open': {
      const connections = await Promise.all(
        Array.from({ length: request.connections }, () => Connection.open(request.port)),
      );
      for (const connection of connections) {
        if (request.cookie !== undefined) {
          const eq = request.cookie.indexOf('=');
          connection.jar.set(request.cookie.slice(0, eq), request.cookie.slice(eq + 1));
        }
        // One request per visitor first: a stored session gets created and its cookie kept.
        if (request.warmPath !== undefined) {
          const response = await connection.get(request.warmPath);
          if (response.status !== 200)
            throw new Error(`warm-up got ${response.status}: ${response.body.slice(0, 200)}`);
        }
      }
      pools.set(request.target, connections);
      return undefined;
    }
    case 'round': {
      const connections = pools.get(request.target);
      if (connections === undefined) throw new Error(`no connections for ${request.target}`);
      return runLoad(connections, request.path, request.maxRequests, request.maxMs);
    }
    case 'close': {
      for (const connection of pools.get(request.target) ?? []) connection.close();
      pools.delete(request.target);
      return undefined;
    }
  }
}

process.on('message', (request: LoadgenRequest) => {
  handle(request).then(
    (result) => process.send?.({ id: request.id, ok: true, result } satisfies LoadgenReply),
    (error: unknown) =>
      process.send?.({
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies LoadgenReply),
  );
});
process.on('disconnect', () => process.exit(0));
