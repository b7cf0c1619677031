/** `patch_vary_headers`: appends `Cookie` once, case-insensitively; `*` wins. */
export function addVaryCookie(existing: string | undefined): string {
  if (existing === undefined || existing === '') return 'Cookie';
  const fields = existing.split(',').map((f) => f.trim()).filter(Boolean);
  if (fields.includes('*')) return '*';
  if (!fields.some((f) => f.toLowerCase() === 'cookie')) fields.push('Cookie');
  return fields.join(', ');
}

/** Keeps shared caches off a response that sets the session cookie; a stricter app value stays. */
export function privateCacheControl(existing: string | undefined): string {
  if (existing === undefined || existing === '') return 'private';
  const directives = existing.split(',').map((d) => d.trim()).filter(Boolean);
  const names = directives.map((d) => d.toLowerCase().split('=')[0]);
  if (names.includes('no-store') || names.includes('private')) return directives.join(', ');
  const kept = directives.filter((_, i) => names[i] !== 'public' && names[i] !== 's-maxage');
  return ['private', ...kept].join(', ');
}
