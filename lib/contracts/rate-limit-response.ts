/**
 * How the edge answers a client that is over the WAF rate-based limit: one value shared by the
 * stack (the rule's custom block response) and `shipshape verify` (`rate-limit.burst-429`), so the
 * check and the deployment cannot disagree.
 */
export interface RateLimitResponse {
  /**
   * HTTP status of the block response. 429 Too Many Requests tells clients to back off, where WAF's
   * default block (403) reads as "forbidden" and invites no retry.
   * @default 429
   */
  readonly statusCode: number;
  /**
   * Value of the `Retry-After` header in seconds: the rate-based rule's evaluation window, after
   * which the client's count has started over.
   * @default 300
   */
  readonly retryAfterSeconds: number;
}

/** The rate-limit answer of every stage. */
export const RATE_LIMIT_RESPONSE = {
  statusCode: 429,
  retryAfterSeconds: 300,
} as const satisfies RateLimitResponse;
