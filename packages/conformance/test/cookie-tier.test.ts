import { countCases, listCases } from '@sessionkit/conformance';
import { failedNames, runCollected } from './support/collected-run';
import { COOKIE_CAPABILITIES, CookieMemoryEngine } from './support/cookie-memory-engine';

/** What Django's CookieSessionTests turn off, because the client holds the data. */
const SKIPPED_FOR_COOKIES = [
  'test_save',
  'test_cycle',
  'test_session_load_does_not_create_record',
  'test_session_save_does_not_resurrect_session_logged_out_in_other_context',
];

describe('cookie-storage engines (Django CookieSessionTests)', () => {
  it('skip only what Django skips from SessionTestsMixin', () => {
    const stored = listCases().filter((name) => name.startsWith('test_') && name !== 'test_clearsessions_command');
    const cookie = listCases(COOKIE_CAPABILITIES).filter((name) => name.startsWith('test_'));
    expect(stored.filter((name) => !cookie.includes(name))).toEqual(SKIPPED_FOR_COOKIES);
  });

  it('run in full against a cookie engine', async () => {
    const results = await runCollected(({ clock }) => new CookieMemoryEngine(clock), {
      capabilities: COOKIE_CAPABILITIES,
    });
    expect(failedNames(results)).toEqual([]);
    expect(results).toHaveLength(countCases(COOKIE_CAPABILITIES));
  });
});
