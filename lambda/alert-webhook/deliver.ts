import { request } from 'node:https';

/** The result of one POST: an HTTP status, or a network error code (never the URL or a body). */
export type Attempt =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterMs?: number }
  | { readonly kind: 'network'; readonly code: string };

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  /** First backoff; doubles each retry, with full jitter. */
  readonly baseDelayMs: number;
  /** Longest single wait (also caps a Retry-After). */
  readonly maxDelayMs: number;
  /** Per-request timeout (connect + response). */
  readonly timeoutMs: number;
}

export interface Delivery {
  readonly ok: boolean;
  readonly attempts: number;
  readonly last: Attempt;
}

/** 2xx succeeds; 5xx, 429, 408 and network errors are worth another try; any other 4xx is final. */
export function isRetryable(attempt: Attempt): boolean {
  if (attempt.kind === 'network') return true;
  return attempt.status >= 500 || attempt.status === 429 || attempt.status === 408;
}

export const isSuccess = (attempt: Attempt): boolean =>
  attempt.kind === 'status' && attempt.status >= 200 && attempt.status < 300;

/** Wait before retry number `retry` (1-based): exponential with full jitter, or the server's Retry-After. */
export function backoffMs(retry: number, policy: RetryPolicy, last: Attempt, random = Math.random): number {
  if (last.kind === 'status' && last.retryAfterMs !== undefined) {
    return Math.min(last.retryAfterMs, policy.maxDelayMs);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After in seconds (the HTTP-date form is rare for webhooks and is ignored). */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim()) * 1000;
}

/** One HTTPS POST of a JSON body. Resolves with the status or a network error code, never rejects. */
export function postJson(url: URL, body: string, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Attempt) => {
      if (settled) return;
      settled = true;
      resolve(a);
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'shipshape-alert-webhook',
        },
        timeout: timeoutMs,
      },
      (res) => {
        // Drain and drop the body: receivers may echo what they got, and it is not needed.
        res.resume();
        res.on('end', () => {
          const retryAfterMs = parseRetryAfter(res.headers['retry-after']);
          done({
            kind: 'status',
            status: res.statusCode ?? 0,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          });
        });
        res.on('error', () => done({ kind: 'network', code: 'ERESPONSE' }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'network', code: err.code ?? 'EUNKNOWN' }));
    req.end(body);
  });
}

export type Poster = (url: URL, body: string, timeoutMs: number) => Promise<Attempt>;
export type Sleeper = (ms: number) => Promise<void>;

const sleep: Sleeper = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs until a 2xx, a final 4xx, or `maxAttempts`. `onAttempt` sees each attempt (for logging:
 * it gets the status or error code and the attempt number, not the URL).
 */
export async function deliver(
  url: URL,
  body: string,
  policy: RetryPolicy,
  onAttempt: (attempt: Attempt, n: number) => void = () => {},
  post: Poster = postJson,
  wait: Sleeper = sleep,
): Promise<Delivery> {
  let last: Attempt = { kind: 'network', code: 'ENOTTRIED' };
  for (let n = 1; n <= policy.maxAttempts; n++) {
    last = await post(url, body, policy.timeoutMs);
    onAttempt(last, n);
    if (isSuccess(last)) return { ok: true, attempts: n, last };
    if (!isRetryable(last) || n === policy.maxAttempts) return { ok: false, attempts: n, last };
    await wait(backoffMs(n, policy, last));
  }
  return { ok: false, attempts: policy.maxAttempts, last };
}

/** For logs and errors: "HTTP 503" or "network ECONNRESET". */
export function describeAttempt(attempt: Attempt): string {
  return attempt.kind === 'status' ? `HTTP ${attempt.status}` : `network ${attempt.code}`;
}
