import type { JsonValue } from '../engine/types.js';

/** The shape session data may take: every value JSON. Use an interface or a type alias. */
export type DataShape<D> = { [K in keyof D]: JsonValue | undefined };
