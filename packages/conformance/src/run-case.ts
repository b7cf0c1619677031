import type { EngineCapabilities, SessionEngine } from '@sessionkit/core';
import type { ConformanceCase } from './case.js';
import { createCaseContext } from './context.js';
import { ManualClock } from './manual-clock.js';
import type { EngineFactory, Inspector } from './options.js';

type Task = () => void | Promise<void>;

/**
 * One case from start to end: a fresh clock and engine, the case under a deadline, then
 * the engine closed and the factory's cleanups run, whatever happened. The first error wins.
 */
export async function runCase<E extends SessionEngine>(
  testCase: ConformanceCase,
  factory: EngineFactory<E>,
  capabilities: EngineCapabilities,
  inspect: Inspector<E>,
  timeoutMs: number,
): Promise<void> {
  const clock = new ManualClock();
  const cleanups: Task[] = [];
  let engine: E | undefined;
  const failures: unknown[] = [];
  try {
    await withDeadline(timeoutMs, `conformance case "${testCase.name}"`, async () => {
      engine = await factory({ clock, cleanup: (task) => void cleanups.push(task) });
      await testCase.run(createCaseContext(engine, clock, capabilities, inspect));
    });
  } catch (error) {
    failures.push(error);
  }
  // Bounded too: an engine whose close() hangs must fail this case, not stall the run.
  const closing = `closing the engine after conformance case "${testCase.name}"`;
  await attempt(failures, () => withDeadline(timeoutMs, closing, async () => engine?.close()));
  for (const task of cleanups.reverse()) await attempt(failures, task);
  if (failures.length > 0) throw failures[0];
}

async function attempt(failures: unknown[], task: Task): Promise<void> {
  try {
    await task();
  } catch (error) {
    failures.push(error);
  }
}

async function withDeadline(timeoutMs: number, what: string, body: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([body(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
