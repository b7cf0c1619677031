/**
 * What one session file holds: the expiry in ms (readable without the secret, so
 * clearExpired can scan cheaply) and the data as the session codec's signed text.
 */
export interface SessionFile {
  expiresAt: number;
  data: string;
}

export function formatSessionFile(file: SessionFile): string {
  return JSON.stringify(file);
}

/** The parsed file, or null when it is empty, truncated or of another shape. */
export function parseSessionFile(text: string): SessionFile | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { expiresAt, data } = value as Partial<Record<keyof SessionFile, unknown>>;
    return typeof expiresAt === 'number' && Number.isFinite(expiresAt) && typeof data === 'string'
      ? { expiresAt, data }
      : null;
  } catch {
    return null;
  }
}
