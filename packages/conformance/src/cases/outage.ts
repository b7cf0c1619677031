import assert from 'node:assert/strict';
import { EngineUnavailableError } from '@sessionkit/core';
import { expectError, expectUnavailable } from '../assertions.js';
import type { CaseContext, CaseGroup, ConformanceCase } from '../case.js';
import { everyCall } from './every-call.js';
import { allOf, answersExists, clearsExpired, hasHook } from '../conditions.js';

type Call = (context: CaseContext, key: string) => Promise<unknown>;

/** A dead store is EngineUnavailableError, never "missing", never CreateError/UpdateError. */
export const outageGroup: CaseGroup = {
  name: 'outage',
  cases: [
    outageCase('load', 'never resolves null', ({ engine }, key) => engine.load(key)),
    outageCase('create', 'never CreateError', ({ engine, record, freshKey }) => engine.create(freshKey(), record())),
    outageCase('update', 'never UpdateError', ({ engine, record }, key) => engine.update(key, record({ b: 2 }))),
    {
      ...outageCase('exists', 'never false', ({ engine }, key) => engine.exists(key)),
      when: allOf(hasHook('breakStore'), answersExists),
    },
    outageCase('delete', 'never silent', ({ engine }, key) => engine.delete(key)),
    {
      ...outageCase('clearExpired', 'never 0', ({ engine }) => engine.clearExpired()),
      when: allOf(hasHook('breakStore'), clearsExpired),
    },
    {
      name: 'outage: every call names itself in the EngineUnavailableError operation',
      when: hasHook('breakStore'),
      async run(context) {
        const { capabilities } = context;
        const key = await context.seed({ a: 1 });
        await context.hooks.breakStore?.();
        // As the per-method cases: exists and clearExpired only where the engine really calls the store.
        const skipped = new Set<string>();
        if (!capabilities.exists) skipped.add('exists');
        if (capabilities.clearExpired !== 'supported') skipped.add('clearExpired');
        for (const [method, call] of everyCall(context, key)) {
          if (!skipped.has(method)) await expectUnavailable(call(), method, `${method} while the store is down`);
        }
      },
    },
  ],
};

function outageCase(method: string, never: string, call: Call): ConformanceCase {
  return {
    name: `outage: ${method} rejects with EngineUnavailableError, ${never}`,
    when: hasHook('breakStore'),
    async run(context) {
      const key = await context.seed({ a: 1 });
      await context.hooks.breakStore?.();
      const error = await expectError(call(context, key), EngineUnavailableError, `${method} while the store is down`);
      assert.ok(!error.message.includes(key), `${method}: an outage error message must not contain the key`);
      assert.ok(
        error.cause !== undefined,
        `${method}: an outage error must carry the driver error as \`cause\`, and it has none`,
      );
    },
  };
}
