/**
 * What a client gets when the WAF's per-IP rate-based rule blocks it (SEC-15): the edge firewall
 * configures exactly this response and `verify` expects exactly this response.
 */
export const RATE_LIMIT_RESPONSE = {
  /** HTTP 429 Too Many Requests, not WAF's default 403: clients and load tests can tell it apart. */
  statusCode: 429,
  /** `Retry-After` in seconds: the rule's evaluation window, after which the count starts over. */
  retryAfterSeconds: 300,
} as const;
