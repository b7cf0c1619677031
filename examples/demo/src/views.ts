import type { Flash } from './data';
import { escapeHtml as e } from './http-util';

export interface PanelFacts {
  engine: string;
  key: string;
  expiresAt: string;
  data: Record<string, unknown>;
}

export interface PageParts {
  title: string;
  user: string | undefined;
  flashes: Flash[];
  panel: PanelFacts;
  body: string;
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
nav a{margin-right:1rem}header{display:flex;justify-content:space-between;align-items:baseline}
.flash{padding:.5rem .75rem;border-radius:4px;margin:.5rem 0}.success{background:#e3f6e5}.info{background:#e5eefc}.warning{background:#fdf1d8}
.panel{margin-top:2rem;border:1px solid #ccc;border-radius:6px;padding:.75rem 1rem;background:#fafafa}
.panel dt{font-weight:600}.panel dd{margin:0 0 .5rem}pre{background:#f0f0f0;padding:.5rem;overflow:auto}
form.inline{display:inline}button{cursor:pointer}`;

export function page(parts: PageParts): string {
  const who =
    parts.user === undefined
      ? '<a href="/login">Log in</a>'
      : `Logged in as <strong id="user">${e(parts.user)}</strong>`;
  const flashes = parts.flashes.map((f) => `<p class="flash ${f.level}" role="status">${e(f.text)}</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(parts.title)} · sessionkit demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head><body>
<header><nav><a href="/">Home</a><a href="/cart">Cart</a><a href="/login">Account</a><a href="/api/session">API</a></nav><span>${who}</span></header>
<main><h1>${e(parts.title)}</h1><div id="flashes">${flashes}</div>${parts.body}</main>
${panel(parts.panel)}</body></html>`;
}

function panel(facts: PanelFacts): string {
  return `<aside class="panel" id="session-panel"><h2>Your session</h2><dl>
<dt>Engine</dt><dd id="engine">${e(facts.engine)}</dd>
<dt>Key</dt><dd id="key">${e(facts.key)}</dd>
<dt>Expires</dt><dd id="expiry">${e(facts.expiresAt)}</dd>
<dt>Stored data</dt><dd><pre id="data">${e(JSON.stringify(facts.data, null, 2))}</pre></dd></dl></aside>`;
}

export function homeBody(visits: number): string {
  return `<p>You have visited this page <strong id="visits">${visits}</strong> time${visits === 1 ? '' : 's'}.</p>
<p>The counter lives in your session. Reload to count; open a private window to start over.</p>`;
}

export function cartBody(cart: string[], catalogue: readonly string[]): string {
  const items =
    cart.length === 0
      ? '<p id="cart-empty">Your cart is empty.</p>'
      : `<ul id="cart">${cart.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
  const buttons = catalogue
    .map(
      (item) =>
        `<form class="inline" method="post" action="/cart/add"><input type="hidden" name="item" value="${e(item)}"><button>Add ${e(item)}</button></form>`,
    )
    .join(' ');
  return `${items}<p>${buttons}</p><form method="post" action="/cart/clear"><button>Empty the cart</button></form>`;
}

export function accountBody(user: string | undefined): string {
  if (user !== undefined) {
    return `<p>You are logged in as <strong>${e(user)}</strong>.</p>
<form method="post" action="/logout"><button id="logout">Log out</button></form>
<p>Logging out flushes the session: the stored record is deleted and the key dropped.</p>`;
  }
  return `<form method="post" action="/login"><label>Username <input name="username" id="username" required maxlength="32" pattern="[A-Za-z0-9_.\\-]+"></label>
<button id="login">Log in</button></form><p>No password: this demo shows the session key being cycled on login.</p>`;
}
