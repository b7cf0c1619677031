import type { JsonValue } from '@sessionkit/core';

/**
 * The demo's session shape: typed keys, plus whatever `POST /api/session` merges in and what
 * the contrib modules keep under their reserved keys (`_auth_user_*`, `_csrftoken`, `_messages`).
 */
export type DemoData = {
  visits?: number;
  cart?: string[];
  [extra: string]: JsonValue | undefined;
};
