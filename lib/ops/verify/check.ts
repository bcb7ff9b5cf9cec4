import { performance } from 'node:perf_hooks';
import { CheckFamily, CheckResult, CheckStatus } from './types';

export interface CheckSpec {
  readonly id: string;
  readonly family: CheckFamily;
  readonly title: string;
  readonly checklist: readonly string[];
}

export interface CheckOutcome {
  readonly status: CheckStatus;
  readonly evidence: readonly string[];
}

export const pass = (...evidence: string[]): CheckOutcome => ({ status: 'PASS', evidence });
export const fail = (...evidence: string[]): CheckOutcome => ({ status: 'FAIL', evidence });
export const skip = (reason: string): CheckOutcome => ({ status: 'SKIP', evidence: [reason] });

/**
 * Thrown by a probe that must not even try: every request would fail for one cause already
 * reported (a TLS certificate that cannot be trusted). {@link runCheck} turns it into BLOCKED.
 */
export class BlockedError extends Error {
  constructor(
    /** The check that reports the cause, e.g. `tls.certificate`. */
    readonly blockedBy: string,
    /** The cause in a few words, e.g. `certificate expired (CERT_HAS_EXPIRED)`. */
    readonly reason: string,
  ) {
    super(`blocked by ${blockedBy}: ${reason}`);
    this.name = 'BlockedError';
  }
}

/**
 * Runs one check; an exception (connection refused, timeout) is a FAIL whose evidence names the
 * error, so one unreachable path never hides the other checks. A {@link BlockedError} is BLOCKED,
 * with the blocking cause as its only evidence.
 */
export async function runCheck(spec: CheckSpec, body: () => Promise<CheckOutcome>): Promise<CheckResult> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await body();
  } catch (error) {
    outcome =
      error instanceof BlockedError
        ? { status: 'BLOCKED', evidence: [error.message] }
        : fail(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ...spec, ...outcome, durationMs: Math.round(performance.now() - started) };
}

/** A status line is a 401 or 403: the key was refused. */
export const isRefusal = (status: number): boolean => status === 401 || status === 403;
export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
