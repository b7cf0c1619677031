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

/** The parsed file, or null when it is empty, truncated or of another shape. */
export function parseSessionFile(text: string): SessionFile | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { expiresAt, data, version } = value as Partial<Record<keyof SessionFile, unknown>>;
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || typeof data !== 'string') return null;
    return typeof version === 'string' ? { expiresAt, data, version } : { expiresAt, data };
  } catch {
    return null;
  }
}
