import assert from 'node:assert/strict';
import { CREATED_KEY } from '@sessionkit/core';
import { assertInstant, jsonCopy } from '../assertions.js';
import type { CaseGroup } from '../case.js';
import { allOf, injectedClock, stored } from '../conditions.js';
import { SUITE_COOKIE_AGE } from '../context.js';
import { countedManager, createdThrough, readOnlyRequest } from './manager-support.js';

const HOUR_S = 3600;
const HOUR_MS = HOUR_S * 1000;

/** `touchAfter` and `absoluteTimeout` through a SessionManager over the engine under test. */
export const touchAndCapsGroup: CaseGroup = {
  name: 'touch and caps (manager)',
  cases: [
    {
      name: 'touch: T-01 a read inside touchAfter writes nothing; one past it writes once and keeps data and version',
      when: allOf(stored, injectedClock),
      async run(context) {
        const { engine, clock, capabilities } = context;
        const { manager, calls } = countedManager(context, { touchAfter: HOUR_S });
        const key = await createdThrough(manager, { n: 1 });
        const before = await engine.load(key);
        calls.create = 0;
        calls.update = 0;
        clock.advance(HOUR_MS - 1000);
        assert.equal(await readOnlyRequest(manager, key), 'none', 'inside the interval: no cookie');
        assert.deepEqual([calls.create, calls.update, calls.touch], [0, 0, 0], 'inside the interval: no write');
        clock.advance(1000);
        assert.equal(await readOnlyRequest(manager, key), 'set', 'past the interval: the cookie is re-sent');
        const hasTouch = typeof engine.touch === 'function';
        const expected = hasTouch ? [0, 0, 1] : [0, 1, 0];
        assert.deepEqual(
          [calls.create, calls.update, calls.touch],
          expected,
          'exactly one touch (update without touch)',
        );
        const after = await engine.load(key);
        assertInstant(
          after?.expiresAt,
          clock.now() + SUITE_COOKIE_AGE * 1000,
          capabilities.ttlResolutionMs,
          'expiry moved',
        );
        assert.deepEqual(jsonCopy(after?.data), jsonCopy(before?.data), 'the data is unchanged');
        if (hasTouch) assert.equal(after?.version, before?.version, 'touch keeps the version');
      },
    },
    {
      name: 'caps: A-01 absoluteTimeout ends an active session at the limit and deletes its record',
      when: allOf(stored, injectedClock),
      async run(context) {
        const { engine, clock, capabilities } = context;
        const { manager } = countedManager(context, { absoluteTimeout: 2 * HOUR_S });
        const key = await createdThrough(manager, { n: 0 });
        const created = (await engine.load(key))?.data[CREATED_KEY];
        assert.equal(typeof created, 'number', `${CREATED_KEY} is stamped in epoch seconds`);
        const deadline = (created as number) * 1000 + 2 * HOUR_MS;
        for (let step = 1; step <= 3; step++) {
          clock.advance(HOUR_MS / 2);
          const active = manager.open(key);
          await active.set('n', step);
          await manager.commit(active, 200);
          const record = await engine.load(key);
          assert.ok(record !== null, `still alive after ${step * 30} minutes`);
          assertInstant(record.expiresAt, deadline, capabilities.ttlResolutionMs, 'the expiry stops at the limit');
        }
        clock.advance(HOUR_MS / 2);
        const late = manager.open(key);
        assert.equal(await late.has('n'), false, 'past the limit the session loads empty');
        assert.equal(late.key, null, 'and loses its key');
        assert.equal(await engine.exists(key), false, 'the old record is deleted');
      },
    },
  ],
};
