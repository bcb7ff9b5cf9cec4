/**
 * Outcome of one check. SKIP always carries a reason; FAIL and PASS carry evidence. BLOCKED means
 * the check could not run because of one earlier failure that its evidence names (a TLS
 * certificate every HTTPS request would fail on): it counts as a failure for the exit code, but
 * is reported once under its cause instead of as one FAIL per check.
 */
export type CheckStatus = 'PASS' | 'FAIL' | 'SKIP' | 'BLOCKED';

/** The check families, one file each under lib/ops/verify/. */
export type CheckFamily =
  | 'tls'
  | 'redirect'
  | 'headers'
  | 'health'
  | 'api-keys'
  | 'errors'
  | 'cors'
  | 'websocket'
  | 'rate-limit'
  /** `shipshape contract` only: the container's JSON log. */
  | 'logs';

export interface CheckResult {
  /** Stable id, `<family>.<name>` (health checks: `health:<path>`). CI and tests key on it. */
  readonly id: string;
  readonly family: CheckFamily;
  /** What the check asserts, in one line. */
  readonly title: string;
  readonly status: CheckStatus;
  /** Observations that justify the status (status lines, header values, error codes). Redacted. */
  readonly evidence: readonly string[];
  /** Checklist ids this check gives evidence for. */
  readonly checklist: readonly string[];
  readonly durationMs: number;
}

/** A secret given to the probe: never printed, redacted from every evidence string. */
export interface NamedSecret {
  readonly label: string;
  readonly value: string;
}

export interface ApiKeyOptions {
  /** @default 'X-API-KEY' */
  readonly headerName: string;
  readonly publicKey?: string;
  readonly adminKey?: string;
  /** @default 'POST' */
  readonly protectedMethod: string;
  /** @default '/analyze' */
  readonly protectedPath: string;
  /** @default '{"message_content":"test"}' */
  readonly protectedBody: string;
  /** @default ['/config', '/stats'] */
  readonly adminPaths: readonly string[];
  /** The previous public key, still accepted during a rotation (`shipshape contract`). */
  readonly previousPublicKey?: string;
  /** The previous admin key, still accepted during a rotation (`shipshape contract`). */
  readonly previousAdminKey?: string;
  /** The path whose output must not contain any key (SEC-21). @default '/config' */
  readonly configPath: string;
}

export interface RateLimitOptions {
  /** Opt-in: a burst against production is a deliberate act. @default false */
  readonly enabled: boolean;
  /** Upper bound on requests sent. @default 300 */
  readonly maxRequests: number;
  /** Upper bound on the burst's wall time. @default 30 */
  readonly maxSeconds: number;
  /** @default '/' */
  readonly path: string;
  /** Requests in flight at once. @default 10 */
  readonly concurrency: number;
}

export interface WebSocketOptions {
  /** Path of the WebSocket endpoint, e.g. `/ws`. */
  readonly path: string;
  /** Text message sent after the upgrade, and again after the hold. @default 'shipshape-verify' */
  readonly message: string;
  /**
   * Seconds the connection is held with nothing sent, to outlast one idle-timeout interval.
   * @default 65 (the ALB's default idle timeout is 60 s)
   */
  readonly holdSeconds: number;
}

export interface VerifyOptions {
  /** HTTPS base URL of the deployed API, e.g. https://api.example.com */
  readonly url: URL;
  /** Plain-HTTP URL expected to redirect. @default url with http: and port 80 */
  readonly httpUrl: URL;
  /** PEM CA bundle trusted instead of Node's root store (private or staging endpoints). */
  readonly ca?: string;
  /** Latency target for `/` and the health paths, in ms. @default 200 */
  readonly latencyMs: number;
  /** @default ['/api/health', '/api/health/db'] (plus `/`, always probed) */
  readonly healthPaths: readonly string[];
  /** Minimum days the certificate must still be valid. @default 30 */
  readonly minCertDays: number;
  /** An origin the API must not trust. @default 'https://evil.example' */
  readonly disallowedOrigin: string;
  readonly apiKeys: ApiKeyOptions;
  readonly rateLimit: RateLimitOptions;
  /** WebSocket probe (opt-in). @default - skipped */
  readonly websocket?: WebSocketOptions;
  /** Per-request timeout in ms. @default 10000 */
  readonly timeoutMs: number;
  /** Check families to run. @default all */
  readonly only?: readonly CheckFamily[];
}

export interface VerifySummary {
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  /** Checks that could not run because of one earlier failure (a TLS certificate). */
  readonly blocked: number;
}

export interface VerifyReport {
  readonly tool: 'shipshape verify' | 'shipshape contract';
  readonly url: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly summary: VerifySummary;
  readonly checks: readonly CheckResult[];
}

/** The families of `shipshape verify`, in run order (the rate-limit burst last). */
export const ALL_FAMILIES: readonly CheckFamily[] = [
  'tls',
  'redirect',
  'headers',
  'health',
  'api-keys',
  'errors',
  'cors',
  'websocket',
  'rate-limit',
];
