/**
 * The demo's user table: three users in memory, per running demo, with Django-format
 * password hashes (`pbkdf2_sha256$iterations$salt$hash`). The session stores none of this:
 * `@sessionkit/core/auth` keeps the user id and an HMAC of the stored hash.
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const derive = promisify(pbkdf2);

/** Every demo user starts with this password; the login page says so. */
export const DEMO_PASSWORD = 'demo';
export const DEMO_USERNAMES = ['ada', 'grace', 'linus'] as const;

/** Django's recent releases use ~1,000,000 iterations; fewer keep the demo (and its tests) quick. */
const ITERATIONS = 100_000;
const ALGORITHM = 'pbkdf2_sha256';

/** The shape `createAuth` reads by default: `id`, and `password` as the stored hash. */
export interface DemoUser {
  readonly id: number;
  readonly username: string;
  password: string;
}

export interface UserTable {
  /** The user for a username and password, or null (after the same work either way). */
  authenticate(username: string, password: string): Promise<DemoUser | null>;
  /** `loadUser` for createAuth: the id as the session stores it (a string). */
  byId(id: string): DemoUser | null;
  setPassword(user: DemoUser, password: string): Promise<void>;
}

export async function createUserTable(): Promise<UserTable> {
  const users = await Promise.all(
    DEMO_USERNAMES.map(async (username, i) => ({ id: i + 1, username, password: await makePassword(DEMO_PASSWORD) })),
  );
  // Checked for unknown usernames too, so a miss costs as much as a wrong password (as Django does).
  const dummy = await makePassword(randomBytes(16).toString('hex'));
  return {
    async authenticate(username, password) {
      const user = users.find((u) => u.username === username);
      const ok = await checkPassword(password, user?.password ?? dummy);
      return ok && user !== undefined ? user : null;
    },
    byId: (id) => users.find((u) => String(u.id) === id) ?? null,
    async setPassword(user, password) {
      user.password = await makePassword(password);
    },
  };
}

async function makePassword(password: string): Promise<string> {
  const salt = randomBytes(12).toString('hex');
  return `${ALGORITHM}$${ITERATIONS}$${salt}$${await hash(password, salt, ITERATIONS)}`;
}

async function checkPassword(password: string, encoded: string): Promise<boolean> {
  const [algorithm, iterations, salt, expected] = encoded.split('$');
  if (algorithm !== ALGORITHM || salt === undefined || expected === undefined) return false;
  const actual = Buffer.from(await hash(password, salt, Number(iterations)));
  const wanted = Buffer.from(expected);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

async function hash(password: string, salt: string, iterations: number): Promise<string> {
  return (await derive(password, salt, iterations, 32, 'sha256')).toString('base64');
}
