/** Refused above these: a load test is a deliberate, bounded act, never a flood. */
export const LOADTEST_LIMITS = {
  /** 10 minutes. */
  maxDurationSeconds: 600,
  maxConnections: 1000,
} as const;

export interface LoadTestOptions {
  /** Target base URL (http: or https:). */
  readonly url: URL;
  /** Path and query to hit. @default '/' */
  readonly path: string;
  /** @default 'GET' */
  readonly method: string;
  readonly body?: string;
  /** @default 30 */
  readonly durationSeconds: number;
  /** @default 10 */
  readonly connections: number;
  /** Value for {@link keyHeader}; never printed. */
  readonly key?: string;
  /** @default 'X-API-KEY' */
  readonly keyHeader: string;
  /** PEM CA bundle to trust (private/staging endpoints). */
  readonly ca?: string;
  /** p99 latency target in ms. @default 200 */
  readonly p99TargetMs: number;
  /** Highest acceptable share of failed requests (connection errors + non-2xx). @default 0.001 */
  readonly maxErrorRate: number;
  /** Per-request timeout in seconds. @default 10 */
  readonly timeoutSeconds: number;
}

export interface LoadTestProgress {
  readonly elapsedSeconds: number;
  readonly durationSeconds: number;
  readonly requests: number;
}
