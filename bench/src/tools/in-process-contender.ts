import type { Contender } from '../harness/types.js';

/** One contender of an in-process suite, set up and checked, for a tool that runs it alone. */
export interface PreparedContender {
  readonly contender: Contender;
  /** Tears the contender and its suite down and removes the scratch files. */
  close(): Promise<void>;
}

/**
 * The contender `name` of suite `suiteId` (storage and cookie suites: none needs a load
 * generator), built exactly as the suite builds it, set up and through its round-trip check.
 */
export async function prepareContender(tool: string, suiteId: string, name: string): Promise<PreparedContender> {
  const { defaultSuites } = await import('../suites.js');
  const { removeWorkdir } = await import('../workdir.js');
  const entry = defaultSuites(() => {
    throw new Error(`${tool} runs no HTTP suite`);
  }, 'shared').find((e) => e.id === suiteId);
  if (entry === undefined) throw new Error(`no suite ${suiteId}`);
  const spec = entry.build();
  const contender = spec.contenders.find((c) => c.name === name);
  if (contender === undefined) throw new Error(`no contender ${name} in ${suiteId}`);
  const close = async (): Promise<void> => {
    try {
      await contender.teardown?.();
      await spec.teardown?.();
    } finally {
      removeWorkdir();
    }
  };
  await spec.setup?.();
  try {
    await contender.setup?.();
    await contender.check();
  } catch (error) {
    await close();
    throw error;
  }
  return { contender, close };
}
