/**
 * PUBLIC_API_KEY → PublicApiKey: stable construct ids from variable names. Construct ids are part
 * of every logical id, so this mapping never changes for an existing secret.
 */
export function secretConstructId(name: string): string {
  return name
    .toLowerCase()
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
