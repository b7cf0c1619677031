/**
 * The demo in a real browser: playwright-core driving Debian's /usr/bin/chromium against the
 * demo on an ephemeral port, once per engine. Each browser profile is a fresh temp
 * --user-data-dir (Playwright takes it as launchPersistentContext's first argument).
 * Every form carries its CSRF token as the browser renders it; the JSON calls are made from
 * the page with fetch, so they carry the browser's cookie and Origin.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { type RunningDemo, startDemo } from '../src/demo';
import type { EngineChoice } from '../src/engines';
import { DEMO_PASSWORD } from '../src/users';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TWO_WEEKS = 1_209_600;
const available = existsSync(CHROMIUM);

if (!available && process.env.CI !== 'true') {
  process.stderr.write(`SKIPPING browser tests: ${CHROMIUM} not found (apt-get install chromium)\n`);
}

jest.setTimeout(120_000);

/** Submits a form and waits until the page it lands on (after the 303) has loaded. */
async function submit(button: Locator): Promise<void> {
  const page = button.page();
  await Promise.all([page.waitForEvent('framenavigated'), button.click()]);
  await page.waitForLoadState('load');
}

/** Logs in through the form on /login (every demo user has the demo password). */
async function logIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await submit(page.locator('#login'));
}

const profiles: string[] = [];
async function openProfile(): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'sessionkit-chromium-'));
  profiles.push(dir);
  return chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS, headless: true });
}

// Two profiles for the whole file (a launch is the slow part): the visitor, and a stranger.
let context: BrowserContext;
let strangerContext: BrowserContext;

beforeAll(async () => {
  if (!available) return;
  const version = execFileSync(CHROMIUM, ['--version'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  console.log(`browser tests run on ${version}`);
  [context, strangerContext] = await Promise.all([openProfile(), openProfile()]);
});

afterAll(async () => {
  await context?.close();
  await strangerContext?.close();
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

const suite = available ? describe.each : describe.skip.each;

if (!available && process.env.CI === 'true') {
  test('chromium is installed', () => {
    throw new Error(`${CHROMIUM} is missing on CI: apt-get install chromium`);
  });
}

suite<EngineChoice>(['db', 'signed_cookie'])('demo in Chromium, %s engine', (engine) => {
  let demo: RunningDemo;
  let page: Page;

  const sessionCookie = async (of: BrowserContext = context) =>
    (await of.cookies(demo.url)).find((c) => c.name === 'sessionid');
  const text = async (selector: string, on: Page = page) => ((await on.locator(selector).textContent()) ?? '').trim();
  const apiData = async (on: Page) => {
    const response = await on.goto(`${demo.url}/api/session`);
    if (response === null) throw new Error('no response from /api/session');
    return ((await response.json()) as { data: object }).data;
  };

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      host: '127.0.0.1',
      engine,
      sqliteFile: ':memory:',
      secret: 'browser-test-secret-that-is-long-enough-0123',
    });
  });

  afterAll(async () => {
    await demo?.close();
  });

  beforeEach(async () => {
    await Promise.all([context.clearCookies(), strangerContext.clearCookies()]);
    page = context.pages()[0] ?? (await context.newPage());
  });

  test('the session cookie: HttpOnly, SameSite=Lax, Path=/, expiring in two weeks', async () => {
    await page.goto(demo.url);
    const cookie = await sessionCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    expect(Math.abs((cookie?.expires ?? 0) - (Date.now() / 1000 + TWO_WEEKS))).toBeLessThanOrEqual(5);
  });

  test('data persists across a reload', async () => {
    await page.goto(demo.url);
    expect(await text('#visits')).toBe('1');
    await page.reload();
    expect(await text('#visits')).toBe('2');
    await page.goto(`${demo.url}/cart`);
    await submit(page.getByRole('button', { name: 'Add fig' }));
    await page.reload();
    expect(await text('#cart')).toBe('fig');
  });

  test('logging in changes the session key', async () => {
    await page.goto(demo.url);
    const before = (await sessionCookie())?.value;
    await logIn(page, demo.url, 'ada');
    expect(await text('#user')).toBe('ada');
    expect(await text('#flashes')).toContain('Session key cycled');
    const after = (await sessionCookie())?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await text('#visits')).toBe('2'); // the data moved to the new key
    expect(await text('#flashes')).toContain(engine === 'db' ? ' → ' : 're-signed');
  });

  test('logging out clears the session', async () => {
    await page.goto(demo.url);
    await logIn(page, demo.url, 'grace');
    const loggedIn = (await sessionCookie())?.value;
    await page.goto(`${demo.url}/login`);
    await submit(page.locator('#logout'));
    expect(await text('#flashes')).toContain('Logged out');
    expect(await page.locator('#user').count()).toBe(0);
    expect((await sessionCookie())?.value).not.toBe(loggedIn);
    // Logout redirected home, which counted one visit in the fresh session: the old data is gone.
    expect(await apiData(page)).toEqual({ visits: 1 });
  });

  test('a flash message shows once', async () => {
    await page.goto(`${demo.url}/cart`);
    await submit(page.getByRole('button', { name: 'Add apple' }));
    expect(await text('#flashes')).toBe('Added apple to the cart.');
    await page.reload();
    expect(await text('#flashes')).toBe('');
    expect(await text('#cart')).toBe('apple');
  });

  test('a form posted without its CSRF token gets a 403 with Django’s reason', async () => {
    await page.goto(`${demo.url}/cart`);
    await page.locator('input[name="csrfmiddlewaretoken"]').evaluateAll((inputs) => {
      for (const input of inputs) input.remove();
    });
    const responded = page.waitForResponse((r) => r.url().endsWith('/cart/add'));
    await submit(page.getByRole('button', { name: 'Add fig' }));
    expect((await responded).status()).toBe(403);
    expect(await page.locator('body').textContent()).toContain('CSRF token missing.');
    await page.goto(`${demo.url}/cart`);
    expect(await page.locator('#cart-empty').count()).toBe(1);
  });

  /**
   * A JSON call from the page (same origin, the browser's cookie): GET /api/session for a token,
   * then POST a merge with or without it. A string, so that ts-jest's down-levelling (__awaiter)
   * stays out of the browser.
   */
  const postFromPage = async (on: Page, withToken: boolean) =>
    (await on.evaluate(`(async (sendToken) => {
      const { csrfToken } = await (await fetch('/api/session')).json();
      const headers = { 'content-type': 'application/json' };
      if (sendToken) headers['X-CSRFToken'] = csrfToken;
      const res = await fetch('/api/session', { method: 'POST', headers, body: JSON.stringify({ theme: 'dark' }) });
      return { status: res.status, body: await res.json() };
    })(${JSON.stringify(withToken)})`)) as { status: number; body: { data?: object; reason?: string } };

  test('the JSON API refuses an unsafe call without the X-CSRFToken header (403)', async () => {
    await page.goto(demo.url);
    const { status, body } = await postFromPage(page, false);
    expect(status).toBe(403);
    expect(body.reason).toBe('CSRF token missing.');
    expect(await apiData(page)).toEqual({ visits: 1 });
  });

  test('the JSON API accepts it with the X-CSRFToken header', async () => {
    await page.goto(demo.url);
    const { status, body } = await postFromPage(page, true);
    expect(status).toBe(200);
    expect(body.data).toEqual({ visits: 1, theme: 'dark' });
    expect(await apiData(page)).toEqual({ visits: 1, theme: 'dark' });
  });

  test('a second browser context sees none of the first one’s data', async () => {
    await logIn(page, demo.url, 'linus');
    await page.goto(`${demo.url}/cart`);
    await submit(page.getByRole('button', { name: 'Add pear' }));
    const stranger = strangerContext.pages()[0] ?? (await strangerContext.newPage());
    expect(await apiData(stranger)).toEqual({});
    await stranger.goto(demo.url);
    expect(await text('#visits', stranger)).toBe('1');
    expect(await stranger.locator('#user').count()).toBe(0);
    await stranger.goto(`${demo.url}/cart`);
    expect(await stranger.locator('#cart-empty').count()).toBe(1);
    expect((await sessionCookie(strangerContext))?.value).not.toBe((await sessionCookie())?.value);
  });
});
