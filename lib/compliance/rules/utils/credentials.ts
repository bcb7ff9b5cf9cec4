// Credential shapes, shared by the NoHardcodedCredentials rule (templates) and the secret scan (files).

/** Credential shapes, named so a finding can say which one matched. */
export const CREDENTIAL_PATTERNS: ReadonlyArray<{ readonly name: string; readonly pattern: RegExp }> = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { name: 'PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'Slack webhook URL', pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { name: 'Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'AI provider key', pattern: /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}/ },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  {
    // user:password@ in a URL, unless the password is a dynamic reference or a ${...} placeholder.
    name: 'password in URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?!\{\{resolve:|\$\{|\$[A-Za-z_])[^\s/@]+@/i,
  },
  {
    name: 'password parameter',
    pattern: /(?:^|[?&;,\s])(?:password|passwd|pwd)=(?!\{\{resolve:|\$\{)[^&;,\s]/i,
  },
];

/** Name of the first credential shape found in `text`, if any. */
export function findCredential(text: string): string | undefined {
  return CREDENTIAL_PATTERNS.find(({ pattern }) => pattern.test(text))?.name;
}
