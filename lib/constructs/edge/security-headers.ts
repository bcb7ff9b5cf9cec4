/** What config decides about the response headers the ALB adds (plain data). */
export interface SecurityHeaderOptions {
  /** HSTS max-age in seconds. */
  readonly hstsMaxAgeSeconds: number;
  /** Content-Security-Policy of every response. */
  readonly contentSecurityPolicy: string;
}

/**
 * ALB listener attributes that add response headers (ALB "HTTP header modification"); keys as the
 * ELBv2 ListenerAttribute API documents them.
 */
export const RESPONSE_HEADER_ATTRIBUTES = {
  hsts: 'routing.http.response.strict_transport_security.header_value',
  contentTypeOptions: 'routing.http.response.x_content_type_options.header_value',
  frameOptions: 'routing.http.response.x_frame_options.header_value',
  contentSecurityPolicy: 'routing.http.response.content_security_policy.header_value',
  serverEnabled: 'routing.http.response.server.enabled',
} as const;

/**
 * The attributes the HTTPS listener sets (SEC-09): HSTS for the configured max-age including
 * subdomains, nosniff, DENY framing, the configured CSP, and no Server header.
 */
export function securityHeaderAttributes(edge: SecurityHeaderOptions): Record<string, string> {
  const a = RESPONSE_HEADER_ATTRIBUTES;
  return {
    [a.hsts]: `max-age=${edge.hstsMaxAgeSeconds}; includeSubDomains`,
    [a.contentTypeOptions]: 'nosniff',
    [a.frameOptions]: 'DENY',
    [a.contentSecurityPolicy]: edge.contentSecurityPolicy,
    [a.serverEnabled]: 'false',
  };
}
