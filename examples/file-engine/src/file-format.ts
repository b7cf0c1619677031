/**
 * What one session file holds: the expiry in ms (readable without the secret, so
 * clearExpired can scan cheaply) and the data as the session codec's signed text.
 */
export interface SessionFile {
  expiresAt: number;
  data: string;
  /** The version token written with the data, when the caller gave one. */
  version?: string;
}

export function formatSessionFile(file: SessionFile): string {
  return JSON.stringify(file);
}

/**
 * The parsed file, or null when there is none (null, undefined) or it is empty, truncated or of
 * another shape. Every non-object, JSON null included, fails the destructuring or the checks.
 */
export function parseSessionFile(text: string | null | undefined): SessionFile | null {
  try {
    const value = JSON.parse(text as string) as Partial<Record<keyof SessionFile, unknown>>;
    const { expiresAt, data, version } = value;
    // Number.isFinite never coerces: it is false for anything that is not a finite number.
    if (!Number.isFinite(expiresAt) || typeof data !== 'string') return null;
    // Stryker disable next-line ConditionalExpression: equivalent, `version: undefined` is no version
    return typeof version === 'string'
      ? { expiresAt: expiresAt as number, data, version }
      : { expiresAt: expiresAt as number, data };
  } catch {
    return null;
  }
}
