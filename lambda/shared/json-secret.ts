/**
 * Reads a secret string as a JSON object. JSON.parse's own message quotes the input, so it never
 * leaves here: the errors say only which secret (`label`) is wrong and how, through `fail` (each
 * Lambda raises its own error class).
 */
export function parseJsonSecret(
  raw: string,
  label: string,
  fail: (message: string) => Error = (message) => new Error(message),
): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw fail(`${label} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw fail(`${label} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
