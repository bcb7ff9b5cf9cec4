/** Refused above these: a load test is a deliberate, bounded act, never a flood. */
export const LOADTEST_LIMITS = {
  /** 10 minutes for a load test. */
  maxDurationSeconds: 600,
  /** 12 hours for a soak at a steady rate. */
  maxSoakSeconds: 12 * 3600,
  maxConnections: 1000,
  /** Requests per second a soak may ask for. */
  maxRatePerSecond: 5000,
} as const;

/** A soak: a long run at a steady request rate, judged on drift between its first and last tenth. */
export interface SoakOptions {
  /** Requests started per second, spread evenly. */
  readonly ratePerSecond: number;
  /**
   * Largest accepted rise of p50 or p99 from the first tenth of the run to the last, in percent.
   * @default - drift reported, not gated
   */
  readonly maxDriftPercent?: number;
}

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
  /** Keep-alive connections, one request in flight on each. @default 10 */
  readonly connections: number;
  /** Value for {@link keyHeader}; never printed. */
  readonly key?: string;
  /** @default 'X-API-KEY' */
  readonly keyHeader: string;
  /** PEM CA bundle trusted instead of the system roots (private/staging endpoints). */
  readonly ca?: string;
  /** p99 latency target in ms. @default 200 */
  readonly p99TargetMs: number;
  /** Highest acceptable share of failed requests (connection errors + non-2xx). @default 0.001 */
  readonly maxErrorRate: number;
  /** Per-request timeout in seconds. @default 10 */
  readonly timeoutSeconds: number;
  /** Soak mode: open loop at a steady rate instead of each connection sending as fast as it can. */
  readonly soak?: SoakOptions;
}

export interface LoadTestProgress {
  readonly elapsedSeconds: number;
  readonly durationSeconds: number;
  readonly requests: number;
}
