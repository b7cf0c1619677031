import type { Message } from '@sessionkit/core/messages';
import { escapeHtml as e } from './http-util';

export interface PanelFacts {
  engine: string;
  key: string;
  expiresAt: string;
  /** The stored data, the CSRF secret left out. */
  data: Record<string, unknown>;
  /** Whether a CSRF secret is stored (it is never shown; forms carry masked tokens). */
  csrfSecret: boolean;
}

export interface PageParts {
  title: string;
  user: string | undefined;
  flashes: Message[];
  panel: PanelFacts;
  body: string;
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
nav a{margin-right:1rem}header{display:flex;justify-content:space-between;align-items:baseline}
.flash{padding:.5rem .75rem;border-radius:4px;margin:.5rem 0}.success{background:#e3f6e5}.info{background:#e5eefc}.warning{background:#fdf1d8}.error{background:#fbe3e3}
.panel{margin-top:2rem;border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;background:#fafafa}
.panel dt{font-weight:600}.panel dd{margin:0 0 .5rem}pre{background:#f0f0f0;padding:.5rem;overflow:auto}
form.inline{display:inline}button{cursor:pointer}label{display:block;margin:.25rem 0}`;

/** The masked CSRF token every form carries (Django's {% csrf_token %}). */
function csrfField(token: string): string {
  return `<input type="hidden" name="csrfmiddlewaretoken" value="${e(token)}">`;
}

export function page(parts: PageParts): string {
  const who =
    parts.user === undefined
      ? '<a href="/login">Log in</a>'
      : `Logged in as <strong id="user">${e(parts.user)}</strong>`;
  const flashes = parts.flashes.map((m) => `<p class="flash ${e(m.tags)}" role="status">${e(m.message)}</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(parts.title)} · sessionkit demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head><body>
<header><nav><a href="/">Home</a><a href="/cart">Cart</a><a href="/login">Account</a><a href="/api/session">API</a></nav><span>${who}</span></header>
<main><h1>${e(parts.title)}</h1><div id="flashes">${flashes}</div>${parts.body}</main>
${panel(parts.panel)}</body></html>`;
}

function panel(facts: PanelFacts): string {
  const csrf = facts.csrfSecret
    ? 'a secret under <code>_csrftoken</code>, never shown; each form gets it masked afresh'
    : 'no secret yet';
  return `<aside class="panel" id="session-panel"><h2>Your session</h2><dl>
<dt>Engine</dt><dd id="engine">${e(facts.engine)}</dd>
<dt>Key</dt><dd id="key">${e(facts.key)}</dd>
<dt>Expires</dt><dd id="expiry">${e(facts.expiresAt)}</dd>
<dt>CSRF</dt><dd id="csrf">${csrf}</dd>
<dt>Stored data</dt><dd><pre id="data">${e(JSON.stringify(facts.data, null, 2))}</pre></dd></dl></aside>`;
}

export function homeBody(visits: number): string {
  return `<p>You have visited this page <strong id="visits">${visits}</strong> time${visits === 1 ? '' : 's'}.</p>
<p>The counter lives in your session. Reload to count; open a private window to start over.</p>`;
}

export function cartBody(cart: string[], catalogue: readonly string[], token: string): string {
  const items =
    cart.length === 0
      ? '<p id="cart-empty">Your cart is empty.</p>'
      : `<ul id="cart">${cart.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
  const buttons = catalogue
    .map(
      (item) =>
        `<form class="inline" method="post" action="/cart/add">${csrfField(token)}<input type="hidden" name="item" value="${e(item)}"><button>Add ${e(item)}</button></form>`,
    )
    .join(' ');
  return `${items}<p>${buttons}</p><form method="post" action="/cart/clear">${csrfField(token)}<button>Empty the cart</button></form>`;
}

export function accountBody(
  user: string | undefined,
  token: string,
  demo: { usernames: readonly string[]; password: string },
): string {
  if (user !== undefined) {
    return `<p>You are logged in as <strong>${e(user)}</strong>.</p>
<form method="post" action="/logout">${csrfField(token)}<button id="logout">Log out</button></form>
<p>Logging out flushes the session: the stored record is deleted and the key dropped.</p>
<h2>Change password</h2>
<form method="post" action="/account/password">${csrfField(token)}
<label>Current password <input type="password" name="current" id="current" required autocomplete="current-password"></label>
<label>New password <input type="password" name="password" id="new-password" required minlength="4" maxlength="128" autocomplete="new-password"></label>
<button id="change-password">Change password</button></form>
<p>This session moves to a new key and stays logged in; your other sessions are logged out on their next request.</p>`;
  }
  const names = demo.usernames.map((n) => `<code>${e(n)}</code>`).join(', ');
  return `<form method="post" action="/login">${csrfField(token)}
<label>Username <input name="username" id="username" required maxlength="32" autocomplete="username"></label>
<label>Password <input type="password" name="password" id="password" required autocomplete="current-password"></label>
<button id="login">Log in</button></form>
<p>Demo users: ${names}; the password is <code>${e(demo.password)}</code> until you change it (in memory, per run).
Logging in moves your session to a new key, against session fixation.</p>`;
}
