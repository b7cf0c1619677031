/** The test cookie's reserved key and value (Django's `set_test_cookie`). */
export const TEST_COOKIE_NAME = 'testcookie';
export const TEST_COOKIE_VALUE = 'worked';

/**
 * Where an adapter keeps its per-request state on the session (core's node adapter: the
 * response hold). Not part of the session API. Living on the session, it costs the request
 * object no extra property: after Express's setPrototypeOf, each added property costs
 * microseconds.
 */
export const ADAPTER_STATE: unique symbol = Symbol('sessionkit.adapterState');

/**
 * The manager's synchronous view of the cookie's Max-Age at commit (not part of the session
 * API): `getExpiryAge` unless `getExpireAtBrowserClose` (then undefined), without their promises,
 * or NOT_LOADED when the data is not loaded yet (the manager then awaits the public getters).
 */
export const COOKIE_MAX_AGE: unique symbol = Symbol('sessionkit.cookieMaxAge');
export const NOT_LOADED: unique symbol = Symbol('sessionkit.notLoaded');
