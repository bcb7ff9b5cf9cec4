import { detectCredentials } from '../secret-scan/detect';
import { NamedSecret } from './types';

/** Length of the key fragments looked for: long enough to be no accident. */
export const LEAK_WINDOW = 16;

/** True when `text` contains the key or any {@link LEAK_WINDOW}-character piece of it. */
export function containsKey(text: string, key: string): boolean {
  if (text.includes(key)) return true;
  for (let i = 0; i + LEAK_WINDOW <= key.length; i++) {
    if (text.includes(key.slice(i, i + LEAK_WINDOW))) return true;
  }
  return false;
}

/**
 * Words that make a JSON field name secret-named, compared with the name lower-cased and stripped
 * of everything but letters and digits (`smtp_password`, `smtpPassword`, `SMTP-PASSWORD` alike).
 */
export const SECRET_NAME_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'dsn',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'connectionstring',
] as const;

export function isSecretName(name: string): boolean {
  const flat = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_NAME_WORDS.some((word) => flat.includes(word));
}

/**
 * A string value that shows no secret: empty, a mask of `*` only, `[REDACTED]`/`REDACTED`, or an
 * ARN (which names a secret without holding it, as the stack outputs do).
 */
export function isRedactedValue(value: string): boolean {
  const v = value.trim();
  return v === '' || /^\*+$/.test(v) || /^\[?redacted\]?$/i.test(v) || /^arn:aws[a-z-]*:/.test(v);
}

/**
 * JSON paths of string values that sit under a secret-named field (at any depth: every string
 * inside `"secrets": {...}` counts) and are not redacted. Numbers, booleans and null never count:
 * `"smtpPasswordSet": true` is how to say a secret is configured.
 */
export function secretNamedValues(value: unknown, path = '$', underSecret = false): string[] {
  if (typeof value === 'string') return underSecret && !isRedactedValue(value) ? [path] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => secretNamedValues(v, `${path}[${i}]`, underSecret));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      secretNamedValues(v, `${path}.${k}`, underSecret || isSecretName(k)),
    );
  }
  return [];
}

/** The parts of one response the scan reads. */
export interface ScannedResponse {
  /** e.g. `GET /config`, the label findings carry. */
  readonly label: string;
  /** Header names and values, one `name: value` per line. */
  readonly headers: string;
  readonly body: string;
}

/**
 * Everything "no secrets in /config" means, in one place, for `verify` and `contract` alike (and
 * stated word for word in docs/app-contract.md):
 * 1. no given key (public, admin, previous of either) nor a {@link LEAK_WINDOW}-character piece of
 *    one, in the headers or the body;
 * 2. no credential shape that `npm run scan-secrets` reports (secretlint's recommended preset plus
 *    our own shapes) in the headers or the body;
 * 3. when the body is JSON, no secret-named field ({@link SECRET_NAME_WORDS}) with a string value
 *    that is not redacted ({@link isRedactedValue}).
 * Returns one problem per finding, never the value.
 */
export async function configSecretProblems(
  response: ScannedResponse,
  keys: readonly NamedSecret[],
): Promise<string[]> {
  const text = `${response.headers}\n${response.body}`;
  const problems = keys
    .filter((k) => containsKey(text, k.value))
    .map((k) => `contains the ${k.label} (or a ${LEAK_WINDOW}-character piece of it)`);
  for (const [part, content] of [
    ['headers', response.headers],
    ['body', response.body],
  ] as const) {
    for (const f of await detectCredentials(`${response.label} ${part}`, content)) {
      problems.push(`${part} line ${f.line}: credential shape: ${f.kind} [${f.rule}]`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    return problems; // not JSON: the shapes above are all there is to check
  }
  for (const path of secretNamedValues(json)) problems.push(`${path} is secret-named and holds a value`);
  return problems;
}
