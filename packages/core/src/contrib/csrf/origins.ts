import { ConfigError } from '../../errors.js';

/** Django's `is_same_domain`: exact, or a leading-dot pattern matching the domain and its subdomains. */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  const p = pattern.toLowerCase();
  return (p.startsWith('.') && (host.endsWith(p) || host === p.slice(1))) || p === host;
}

/** CSRF_TRUSTED_ORIGINS, pre-split as Django's middleware does. */
export interface TrustedOrigins {
  /** Origins without a wildcard, compared exactly. */
  exact: ReadonlySet<string>;
  /** scheme → netloc patterns ('.example.com' from 'https://*.example.com'). */
  subdomains: ReadonlyMap<string, readonly string[]>;
  /** The netlocs (wildcards as leading dots) that a Referer may name. */
  hosts: readonly string[];
}

export function parseTrustedOrigins(origins: readonly string[]): TrustedOrigins {
  const exact = new Set<string>();
  const subdomains = new Map<string, string[]>();
  const hosts: string[] = [];
  for (const origin of origins) {
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(origin);
    // Django's check 4_0.E001: every entry must start with a scheme.
    if (!match)
      throw new ConfigError(`trustedOrigins entry ${JSON.stringify(origin)} must start with a scheme (https://)`);
    const scheme = (match[1] as string).toLowerCase();
    const netloc = (match[2] as string).replace(/^\*+/, '');
    hosts.push(netloc);
    if (!origin.includes('*')) exact.add(origin);
    else subdomains.set(scheme, [...(subdomains.get(scheme) ?? []), netloc]);
  }
  return { exact, subdomains, hosts };
}

/** Python's urlparse, enough for an Origin or a Referer: scheme and netloc, or null when unparsable. */
export function parseUrl(value: string): { scheme: string; netloc: string; text: string } | null {
  const match = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/?#]*))?/i.exec(value);
  if (!match) return { scheme: '', netloc: '', text: value };
  const netloc = match[2] ?? '';
  // urlparse raises ValueError on an unbalanced IPv6 bracket.
  if (netloc.includes('[') !== netloc.includes(']')) return null;
  return { scheme: (match[1] as string).toLowerCase(), netloc, text: value };
}
