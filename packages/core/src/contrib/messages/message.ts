import type { JsonValue } from '../../engine/types.js';

/** Django's message levels (django.contrib.messages.constants). */
export const DEBUG = 10;
export const INFO = 20;
export const SUCCESS = 25;
export const WARNING = 30;
export const ERROR = 40;

/** Django's DEFAULT_TAGS: the CSS-friendly name of each level. */
export const DEFAULT_TAGS: Readonly<Record<number, string>> = Object.freeze({
  [DEBUG]: 'debug',
  [INFO]: 'info',
  [SUCCESS]: 'success',
  [WARNING]: 'warning',
  [ERROR]: 'error',
});

/** Django's Message: a level, the text, and extra tags (space-separated CSS classes, say). */
export class Message {
  constructor(
    readonly level: number,
    readonly message: string,
    /** '' when none; Django may hand back None, read here as ''. */
    readonly extraTags: string = '',
    /** Django's SafeData flag, carried through storage; sessionkit escapes nothing itself. */
    readonly safe = false,
  ) {}

  /** Django's `level_tag`: 'success', 'error', …; '' for a custom level without a tag. */
  get levelTag(): string {
    return DEFAULT_TAGS[this.level] ?? '';
  }

  /** Django's `tags`: extra tags, then the level tag. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter(Boolean).join(' ');
  }

  toString(): string {
    return this.message;
  }
}

const MESSAGE_KEY = '__json_message';

/**
 * Django's MessageEncoder: `["__json_message", safe 0/1, level, message(, extra_tags)]`.
 * Empty tags are left out, as Django ≤4.0 does (≥4.1 writes `""`; both read either form).
 */
export function encodeMessage(message: Message): JsonValue {
  const out: JsonValue[] = [MESSAGE_KEY, message.safe ? 1 : 0, message.level, message.message];
  if (message.extraTags) out.push(message.extraTags);
  return out;
}

/** Django's MessageDecoder for one list item: a Message, the item itself if a plain string, else null. */
export function decodeItem(item: JsonValue): Message | string | null {
  if (typeof item === 'string') return item;
  if (!Array.isArray(item) || item[0] !== MESSAGE_KEY) return null;
  const [, safe, level, text, extraTags] = item;
  if (typeof level !== 'number' || !Number.isInteger(level) || typeof text !== 'string') return null;
  const tags = typeof extraTags === 'string' ? extraTags : '';
  return new Message(level, text, tags, Boolean(safe));
}
