import type { Session, SessionData } from '@sessionkit/core';

/** What a test route answers, rendered natively by each framework. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** The body; several chunks are streamed, `gapMs` apart. */
  chunks?: string[];
  gapMs?: number;
  /** Filled in while streaming: when each chunk was handed to the framework (performance.now()). */
  producedAt?: number[];
}

/** A framework-neutral route: runs inside the handler with the request's session. */
export type Route = (
  session: Session<SessionData>,
  request: { path: string },
) => Promise<Reply | undefined> | Reply | undefined;

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The chunks as an async iterable, with the gaps between them. */
export async function* paced(reply: Reply): AsyncGenerator<string> {
  const chunks = reply.chunks ?? [];
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0 && reply.gapMs) await delay(reply.gapMs);
    reply.producedAt?.push(performance.now());
    yield chunk;
  }
}

/** The same as a Web ReadableStream (bytes). */
export function pacedWebStream(reply: Reply): ReadableStream<Uint8Array> {
  const iterator = paced(reply);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}
