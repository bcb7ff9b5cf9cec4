import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** A bad command line: the CLI prints the message and the usage, and exits with {@link EXIT_USAGE}. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What every subcommand passes `util.parseArgs`: its options, no positionals, unknown flags refused. */
type StrictConfig<O extends ParseArgsOptionsConfig> = {
  args: string[];
  strict: true;
  allowPositionals: false;
  options: O;
};

/**
 * The flags of a command line (`util.parseArgs`, strict, no positionals), with its errors (unknown
 * option, missing value) turned into {@link UsageError}.
 */
export function parseFlags<O extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: O,
): ReturnType<typeof parseArgs<StrictConfig<O>>>['values'] {
  try {
    return parseArgs<StrictConfig<O>>({ args: [...argv], strict: true, allowPositionals: false, options })
      .values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
/** A check failed or a load-test gate broke. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Where a command writes; bin passes process.stdout/stderr, tests pass collectors. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal (progress may redraw in place). */
  readonly stderrIsTty: boolean;
}

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** An integer flag within bounds; the message names the flag and the allowed range. */
export function intFlag(flag: string, raw: string | undefined, fallback: number, bounds: Bounds): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${flag} must be a whole number, got "${raw}"`);
  }
  return within(flag, value, bounds, raw);
}

/** A decimal flag within bounds. */
export function numberFlag(flag: string, raw: string | undefined, fallback: number, bounds: Bounds): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${flag} must be a number, got "${raw}"`);
  return within(flag, value, bounds, raw);
}

function within(flag: string, value: number, bounds: Bounds, raw: string): number {
  if (value < bounds.min || value > bounds.max) {
    throw new UsageError(`--${flag} must be between ${bounds.min} and ${bounds.max}, got ${raw}`);
  }
  return value;
}

/**
 * A duration in seconds from `30`, `30s`, `1500ms`, `2m`, `1h`. Milliseconds are rounded up to whole
 * seconds: the commands count in seconds.
 */
export function durationFlag(
  flag: string,
  raw: string | undefined,
  fallbackSeconds: number,
  bounds: Bounds,
): number {
  if (raw === undefined) return fallbackSeconds;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(raw);
  if (!match) throw new UsageError(`--${flag} must look like 30s, 2m or 1500ms, got "${raw}"`);
  const n = Number(match[1]);
  const perUnit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  const seconds = Math.ceil(n * perUnit[match[2] ?? 's']!);
  if (seconds < bounds.min || seconds > bounds.max) {
    throw new UsageError(`--${flag} must be between ${bounds.min}s and ${bounds.max}s, got ${raw}`);
  }
  return seconds;
}

/** A URL flag with one of the allowed schemes. */
export function urlFlag(flag: string, raw: string | undefined, schemes: readonly string[]): URL | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--${flag} is not a URL: "${raw}"`);
  }
  if (!schemes.includes(url.protocol)) {
    throw new UsageError(`--${flag} must use ${schemes.join(' or ')}, got ${url.protocol}`);
  }
  return url;
}

/** A path flag: must start with `/`. */
export function pathFlag(flag: string, raw: string): string {
  if (!raw.startsWith('/')) throw new UsageError(`--${flag} must start with "/", got "${raw}"`);
  return raw;
}

/** A secret flag: non-empty, at least `min` characters (a shorter "key" is a typo, and would redact poorly). */
export function secretFlag(flag: string, raw: string | undefined, min = 8): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < min) throw new UsageError(`--${flag} is shorter than ${min} characters; check the value`);
  return raw;
}
