import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { detectCredentials } from '../secret-scan/detect';
import { fail, pass, runCheck, skip } from '../verify/check';
import { containsKey } from '../verify/config-secrets';
import { CheckResult, NamedSecret } from '../verify/types';
import { CompiledPattern, UnsupportedPattern, compilePattern, fieldsOf, matchesLine } from './filter-pattern';

/** The metric-filter patterns the log alarms use (config `monitoring.logPatterns`). */
export interface LogPatterns {
  /** Error lines (MON-03), e.g. `{ $.level = "error" || $.level = "ERROR" }`. */
  readonly errors: string;
  /** Authentication failures (MON-08), e.g. `{ $.event = "auth_failure" }`. */
  readonly authFailures: string;
}

export interface LogOptions {
  /** The file the container's stdout/stderr goes to (`docker run ... > app.log 2>&1`). */
  readonly file: string;
  readonly patterns: LogPatterns;
  /** How long to wait for late lines (a buffered logger) before judging. @default 2000 */
  readonly waitMs: number;
}

/** Size of the log file now: only what is written after this offset belongs to the run. */
export function logOffset(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // not there yet: the app creates it
  }
}

function readFrom(file: string, offset: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(file).size;
    if (size <= offset) return '';
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const compile = (pattern: string): CompiledPattern | string => {
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (error instanceof UnsupportedPattern) return error.message;
    throw error;
  }
};

const isObjectLine = (line: string): boolean => {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
};

const hasField = (line: string, field: string): boolean => {
  let current: unknown = JSON.parse(line);
  for (const key of field.split('.')) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== undefined;
};

const lineList = (numbers: readonly number[]): string =>
  `${numbers.slice(0, 5).join(', ')}${numbers.length > 5 ? ` and ${numbers.length - 5} more` : ''}`;

/**
 * The container's log, as the alarms read it (MON-03, MON-08): `logs.json-lines` (every line is a
 * JSON object with the fields the error pattern reads), `logs.auth-failure-event` (the refused keys
 * of the api-keys checks were logged as the auth-failure pattern expects) and `logs.no-secrets`
 * (no key, no credential shape). Run after the api-keys family, on the lines written since
 * `offset`.
 */
export async function logChecks(
  log: LogOptions | undefined,
  offset: number,
  keys: readonly NamedSecret[],
): Promise<CheckResult[]> {
  const family = 'logs' as const;
  const noFile = 'no --log-file given (redirect the container output to a file and pass it)';
  const errors = log ? compile(log.patterns.errors) : undefined;
  const auth = log ? compile(log.patterns.authFailures) : undefined;
  let lines: string[] = [];
  if (log) {
    // Wait, bounded, for the auth-failure line a buffered logger may not have flushed yet.
    const deadline = Date.now() + log.waitMs;
    for (;;) {
      lines = readFrom(log.file, offset)
        .split('\n')
        .filter((l) => l.trim() !== '');
      const found = typeof auth !== 'object' || lines.some((l) => matchesLine(auth, l));
      if (found || Date.now() >= deadline) break;
      await sleep(100);
    }
  }
  const numbered = lines.map((text, i) => ({ text, n: i + 1 }));
  const where = log ? `${log.file} (${lines.length} lines written during the run)` : '';
  return [
    await runCheck(
      {
        id: 'logs.json-lines',
        family,
        title: `Every log line is a JSON object with the fields the error alarm reads${typeof errors === 'object' ? ` (${fieldsOf(errors).join(', ')})` : ''}`,
        checklist: ['MON-03'],
      },
      async () => {
        if (!log) return skip(noFile);
        if (typeof errors !== 'object') return skip(errors ?? 'no pattern');
        if (lines.length === 0) return fail(`${where}: the app wrote no log line while it served the checks`);
        const notJson = numbered.filter((l) => !isObjectLine(l.text)).map((l) => l.n);
        const fields = fieldsOf(errors);
        const missing = numbered
          .filter((l) => isObjectLine(l.text) && fields.some((f) => !hasField(l.text, f)))
          .map((l) => l.n);
        const problems = [
          ...(notJson.length
            ? [`${notJson.length} lines are not JSON objects: line ${lineList(notJson)}`]
            : []),
          ...(missing.length
            ? [`${missing.length} lines lack ${fields.join(' or ')}: line ${lineList(missing)}`]
            : []),
        ];
        return problems.length
          ? fail(
              where,
              ...problems,
              `the error alarm's pattern ${log.patterns.errors} cannot count such lines`,
            )
          : pass(where, `every line is JSON with ${fields.join(', ')}`);
      },
    ),
    await runCheck(
      {
        id: 'logs.auth-failure-event',
        family,
        title: 'A refused key is logged as the auth-failure alarm expects',
        checklist: ['MON-08'],
      },
      async () => {
        if (!log) return skip(noFile);
        if (typeof auth !== 'object') return skip(auth ?? 'no pattern');
        const matching = numbered.filter((l) => matchesLine(auth, l.text)).length;
        return matching > 0
          ? pass(`${where}: ${matching} lines match ${log.patterns.authFailures}`)
          : fail(
              `${where}: no line matches ${log.patterns.authFailures}, although the api-keys checks sent requests with no key and with a wrong key`,
            );
      },
    ),
    await runCheck(
      {
        id: 'logs.no-secrets',
        family,
        title: 'No key and no credential shape in the log',
        checklist: ['SEC-21'],
      },
      async () => {
        if (!log) return skip(noFile);
        const text = lines.join('\n');
        const problems = keys
          .filter((k) => containsKey(text, k.value))
          .map((k) => `the ${k.label} (or a 16-character piece of it) is in the log`);
        for (const f of await detectCredentials(log.file, text))
          problems.push(`line ${f.line}: credential shape: ${f.kind} [${f.rule}]`);
        return problems.length ? fail(where, ...problems) : pass(`${where}: no key, no credential shape`);
      },
    ),
  ];
}
