/**
 * A local reading of the CloudWatch Logs filter patterns the alarms use (config
 * `monitoring.logPatterns`), so `shipshape contract` can tell whether the app's log lines would be
 * counted. It understands the forms the config uses: JSON patterns `{ $.a.b = "x" || $.c != 1 }`
 * (`=`/`!=` against a string, a number or `*`, joined by `&&` or `||`, not mixed, no parentheses
 * inside) and plain-text patterns (every term, or quoted phrase, appears in the line). Anything
 * else is refused with {@link UnsupportedPattern}, never guessed.
 */
export class UnsupportedPattern extends Error {
  constructor(pattern: string, why: string) {
    super(`filter pattern ${pattern} is not understood locally (${why})`);
    this.name = 'UnsupportedPattern';
  }
}

interface Term {
  /** `$.a.b` as ['a', 'b']. */
  readonly path: readonly string[];
  readonly op: '=' | '!=';
  /** A string, a number, or '*' (the field exists). */
  readonly value: string | number | '*';
}

export type CompiledPattern =
  | { readonly kind: 'json'; readonly join: '&&' | '||'; readonly terms: readonly Term[] }
  | { readonly kind: 'text'; readonly terms: readonly string[] };

const TERM = /^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\s*(=|!=)\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|(\*))$/;

export function compilePattern(pattern: string): CompiledPattern {
  const trimmed = pattern.trim();
  if (trimmed.startsWith('{')) {
    if (!trimmed.endsWith('}')) throw new UnsupportedPattern(pattern, 'no closing brace');
    const body = trimmed.slice(1, -1).trim();
    const hasAnd = body.includes('&&');
    const hasOr = body.includes('||');
    if (hasAnd && hasOr) throw new UnsupportedPattern(pattern, '&& and || mixed');
    if (/[()]/.test(body)) throw new UnsupportedPattern(pattern, 'parentheses');
    const join = hasAnd ? '&&' : '||';
    const terms = body.split(join).map((raw) => {
      const m = TERM.exec(raw.trim());
      if (!m) throw new UnsupportedPattern(pattern, `term "${raw.trim()}"`);
      const value = m[5] ? '*' : m[4] !== undefined ? Number(m[4]) : m[3]!.replace(/\\(.)/g, '$1');
      return { path: m[1]!.slice(1).split('.'), op: m[2] as '=' | '!=', value };
    });
    return { kind: 'json', join, terms };
  }
  if (/(^|\s)[?-]/.test(trimmed) || trimmed.startsWith('['))
    throw new UnsupportedPattern(pattern, 'OR/exclusion/space-delimited syntax');
  const terms = [...trimmed.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return { kind: 'text', terms };
}

function lookup(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function termMatches(json: unknown, term: Term): boolean {
  const found = lookup(json, term.path);
  if (term.value === '*') return (found !== undefined) === (term.op === '=');
  const equal = typeof term.value === 'number' ? found === term.value : found === term.value;
  return term.op === '=' ? equal : found !== undefined && !equal;
}

/** Whether CloudWatch would count `line` under the pattern. */
export function matchesLine(pattern: CompiledPattern, line: string): boolean {
  if (pattern.kind === 'text') return pattern.terms.every((t) => line.includes(t));
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return false; // a JSON pattern never matches a line that is not JSON
  }
  return pattern.join === '&&'
    ? pattern.terms.every((t) => termMatches(json, t))
    : pattern.terms.some((t) => termMatches(json, t));
}

/** The JSON fields a pattern reads, as `level` or `error.code`. */
export function fieldsOf(pattern: CompiledPattern): string[] {
  return pattern.kind === 'json' ? [...new Set(pattern.terms.map((t) => t.path.join('.')))] : [];
}
