import { type Clock, ConfigError, MemoryEngine, SessionManager, TimestampSigner } from '@sessionkit/core';
import { EngineSessionIndex } from '@sessionkit/core/auth';
import { createMessages } from '@sessionkit/core/messages';

const SECRET = 'clock-option-test-secret-0123456789abcdefghijklmnop';

// Every `clock` option is checked where it is given: before, a clock without now() failed on
// the first request (a TypeError in the middle of a commit), not at start-up.
const takers: [string, (clock: Clock) => unknown][] = [
  ['SessionManager', (clock) => new SessionManager({ engine: new MemoryEngine(), clock })],
  ['TimestampSigner', (clock) => new TimestampSigner({ key: SECRET, clock })],
  ['createMessages', (clock) => createMessages({ secret: SECRET, clock })],
  ['EngineSessionIndex', (clock) => new EngineSessionIndex({ engine: new MemoryEngine(), secret: SECRET, clock })],
];

describe.each(takers)('%s: the clock option', (_name, take) => {
  it.each([
    ['a clock without now()', {}],
    ['a number', 0],
    ['null', null],
    ['now that is not a function', { now: 5 }],
  ])('refuses %s with ConfigError', (_label, clock) => {
    expect(() => take(clock as unknown as Clock)).toThrow(new ConfigError('clock must have a now() method'));
  });

  it('takes a clock with now()', () => {
    expect(() => take({ now: () => 1_700_000_000_000 })).not.toThrow();
  });
});
