import type { JsonValue } from '@sessionkit/core';

export type FlashLevel = 'success' | 'info' | 'warning';
export type Flash = { level: FlashLevel; text: string };

/** The demo's session shape: typed keys, plus whatever `POST /api/session` merges in. */
export type DemoData = {
  visits?: number;
  cart?: string[];
  /** Django's auth key, so the contrib auth module can take over later. */
  _auth_user_id?: string;
  _demo_flash?: Flash[];
  [extra: string]: JsonValue | undefined;
};
