import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case.js';
import { SUITE_COOKIE_AGE } from '../context.js';

const TEN_SECONDS_MS = 10_000;

/** Django's SessionTestsMixin, the expiry half: the arithmetic, then a real expiry through the engine. */
export const sessionExpiryCases: readonly ConformanceCase[] = [
  {
    name: 'test_default_expiry',
    async run({ session }) {
      const s = session();
      assert.equal(await s.getExpiryAge(), SUITE_COOKIE_AGE, 'getExpiryAge must default to the cookie age');
      await s.setExpiry(0);
      assert.equal(await s.getExpiryAge(), SUITE_COOKIE_AGE, 'setExpiry(0) must keep the cookie age as the expiry age');
    },
  },
  {
    name: 'test_custom_expiry_seconds',
    async run({ session, clock }) {
      const modification = new Date(clock.now());
      const s = session();
      await s.setExpiry(10);
      const date = await s.getExpiryDate({ modification });
      assert.equal(
        date.getTime(),
        modification.getTime() + TEN_SECONDS_MS,
        'setExpiry(10) must put the expiry date 10 s after the modification time',
      );
      assert.equal(await s.getExpiryAge({ modification }), 10, 'setExpiry(10) must give an expiry age of 10 s');
    },
  },
  {
    // Python's timedelta becomes an instant computed from the session's own clock.
    name: 'test_custom_expiry_timedelta',
    async run({ session, clock }) {
      const modification = new Date(clock.now());
      const s = session();
      await s.setExpiry(new Date(clock.now() + TEN_SECONDS_MS));
      const date = await s.getExpiryDate({ modification });
      assert.equal(
        date.getTime(),
        modification.getTime() + TEN_SECONDS_MS,
        'setExpiry(Date) must keep that instant as the expiry date',
      );
      assert.equal(
        await s.getExpiryAge({ modification }),
        10,
        'setExpiry(Date 10 s ahead) must give an expiry age of 10 s',
      );
      assert.equal(await s.getExpiryAge(), 10, 'the session reads now from the injected clock');
    },
  },
  {
    // The instant must survive the trip through the stored ISO string and the engine.
    name: 'test_custom_expiry_datetime',
    async run({ session, clock }) {
      const modification = new Date(clock.now());
      const s = session();
      await s.setExpiry(new Date(modification.getTime() + TEN_SECONDS_MS));
      await s.save();
      const reloaded = session(s.key);
      const date = await reloaded.getExpiryDate({ modification });
      assert.equal(
        date.getTime(),
        modification.getTime() + TEN_SECONDS_MS,
        'a Date expiry must survive save and reload as the same instant',
      );
      assert.equal(
        await reloaded.getExpiryAge({ modification }),
        10,
        'a Date expiry must give the same age after save and reload',
      );
    },
  },
  {
    name: 'test_custom_expiry_reset',
    async run({ session }) {
      const s = session();
      await s.setExpiry(null);
      await s.setExpiry(10);
      await s.setExpiry(null);
      assert.equal(await s.getExpiryAge(), SUITE_COOKIE_AGE, 'setExpiry(null) must restore the cookie age');
    },
  },
  {
    name: 'test_get_expire_at_browser_close',
    async run({ session }) {
      for (const expireAtBrowserClose of [false, true]) {
        const s = session(null, { expireAtBrowserClose });
        const setting = `with expireAtBrowserClose=${expireAtBrowserClose}`;
        await s.setExpiry(10);
        assert.equal(await s.getExpireAtBrowserClose(), false, `${setting}, expiry 10`);
        await s.setExpiry(0);
        assert.equal(await s.getExpireAtBrowserClose(), true, `${setting}, expiry 0`);
        await s.setExpiry(null);
        assert.equal(await s.getExpireAtBrowserClose(), expireAtBrowserClose, `${setting}, expiry null`);
      }
    },
  },
  {
    name: 'test_actual_expiry',
    async run({ session, clock }) {
      const s = session();
      await s.set('foo', 'bar');
      await s.setExpiry(new Date(clock.now() - TEN_SECONDS_MS));
      await s.save();
      const reloaded = session(s.key);
      assert.equal(await reloaded.has('foo'), false, 'a session saved already expired does not load');
    },
  },
];
