import * as net from 'node:net';
import * as tls from 'node:tls';
import { BlockedError, CheckOutcome, fail, pass, runCheck, skip } from './check';
import { CheckResult, VerifyOptions } from './types';

type Handshake =
  | {
      readonly ok: true;
      readonly protocol: string;
      readonly cipher: string;
      readonly authorized: boolean;
      readonly authorizationError?: string;
      readonly cert: tls.PeerCertificate;
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

interface Target {
  readonly host: string;
  readonly port: number;
  readonly servername?: string;
}

export function tlsTarget(url: URL): Target {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 443;
  // SNI must be a DNS name; an IP literal is sent without it (RFC 6066 section 3).
  return net.isIP(host) ? { host, port } : { host, port, servername: host };
}

export function handshake(
  target: Target,
  options: Omit<tls.ConnectionOptions, 'host' | 'port' | 'servername'>,
  timeoutMs: number,
): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = tls.connect({ ...target, ...options });
    const done = (result: Handshake): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      done({ ok: false, code: 'ETIMEDOUT', message: 'handshake timed out' }),
    );
    socket.once('secureConnect', () =>
      done({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: socket.getCipher()?.name ?? 'unknown',
        authorized: socket.authorized,
        ...(socket.authorizationError ? { authorizationError: String(socket.authorizationError) } : {}),
        cert: socket.getPeerCertificate(),
      }),
    );
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, code: error.code ?? 'ERROR', message: firstLine(error.message) }),
    );
  });
}

const firstLine = (message: string): string => message.split('\n')[0]!.trim();

/**
 * Errors that mean the server refused the legacy handshake. Anything else (notably
 * ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED or ERR_SSL_NO_PROTOCOLS_AVAILABLE) is raised by
 * our own OpenSSL *after* or *instead of* asking, so it proves nothing about the server.
 */
const SERVER_REFUSALS = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * OpenSSL 3 (Node.js 20 and later) will not complete a TLS 1.0/1.1 handshake at the default
 * security level (SHA-1 signatures, then the protocols themselves, are refused client-side), so the probe drops to SECLEVEL=0: it must be
 * able to *offer* the legacy protocol for a refusal to mean anything.
 */
export const LEGACY_CLIENT_CIPHERS = 'DEFAULT@SECLEVEL=0';

export async function probeLegacy(
  target: Target,
  version: 'TLSv1' | 'TLSv1.1',
  timeoutMs: number,
): Promise<'accepted' | 'refused' | 'inconclusive'> {
  const result = await handshake(
    target,
    { minVersion: version, maxVersion: version, ciphers: LEGACY_CLIENT_CIPHERS, rejectUnauthorized: false },
    timeoutMs,
  );
  return result.ok ? 'accepted' : classifyLegacyFailure(result.code);
}

/** A failed legacy handshake: refused by the server, or failed on our side (proves nothing). */
export function classifyLegacyFailure(code: string): 'refused' | 'inconclusive' {
  return SERVER_REFUSALS.has(code) ? 'refused' : 'inconclusive';
}

const DAY_MS = 86_400_000;

/** Why a certificate is refused, in the words an operator acts on. */
export type CertificateCause = 'expired' | 'not yet valid' | 'name mismatch' | 'untrusted chain' | 'revoked';

/**
 * OpenSSL's verification codes (as Node reports them in `error.code` and `authorizationError`) and
 * Node's host-name check, by cause. Anything else (ECONNREFUSED, a timeout, a protocol alert) is
 * not a certificate problem.
 */
const CERTIFICATE_CAUSES: Readonly<Record<string, CertificateCause>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'name mismatch',
  HOSTNAME_MISMATCH: 'name mismatch',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted chain',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted chain',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted chain',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'untrusted chain',
  CERT_UNTRUSTED: 'untrusted chain',
  CERT_SIGNATURE_FAILURE: 'untrusted chain',
  CERT_CHAIN_TOO_LONG: 'untrusted chain',
  INVALID_CA: 'untrusted chain',
  CERT_REJECTED: 'untrusted chain',
  CERT_REVOKED: 'revoked',
};

export function certificateCause(code: string | undefined): CertificateCause | undefined {
  return code === undefined ? undefined : CERTIFICATE_CAUSES[code];
}

const CAUSE_ADVICE: Readonly<Record<CertificateCause, string>> = {
  expired: 'renew it (ACM renews a DNS-validated certificate while its validation record exists)',
  'not yet valid': "check this machine's clock, or wait for the certificate's start date",
  'name mismatch': 'use the host name the certificate was issued for, or a certificate for this one',
  'untrusted chain': 'pass --ca with the issuing CA for a private endpoint, or fix the served chain',
  revoked: 'replace the certificate',
};

/** `certificate expired (CERT_HAS_EXPIRED)`: the cause first, then the code that proves it. */
export function describeCertificateProblem(cause: CertificateCause, code: string): string {
  const head = cause === 'name mismatch' || cause === 'untrusted chain' ? cause : `certificate ${cause}`;
  return `${head} (${code})`;
}

export function certificateOutcome(
  host: string,
  result: Extract<Handshake, { ok: true }>,
  minDays: number,
  now: Date,
): CheckOutcome {
  const cert = result.cert;
  const evidence = [
    `subject CN=${cert.subject?.CN ?? '-'}; issuer CN=${cert.issuer?.CN ?? '-'}`,
    `subjectAltName: ${cert.subjectaltname ?? '-'}`,
    `valid from ${cert.valid_from} until ${cert.valid_to}`,
  ];
  const problems: string[] = [];
  const causes = new Set<CertificateCause>();
  const notAfter = new Date(cert.valid_to).getTime();
  // Judged from the dates as well as from OpenSSL: an untrusted chain would hide the expiry.
  if (notAfter < now.getTime()) {
    causes.add('expired');
    problems.push(`${describeCertificateProblem('expired', 'CERT_HAS_EXPIRED')} on ${cert.valid_to}`);
  }
  if (!result.authorized) {
    const code = result.authorizationError ?? 'unknown reason';
    const cause = certificateCause(code) ?? 'untrusted chain';
    if (!causes.has(cause)) {
      causes.add(cause);
      problems.push(describeCertificateProblem(cause, code));
    }
  }
  const identityError = tls.checkServerIdentity(host, cert);
  if (identityError) {
    causes.add('name mismatch');
    problems.push(
      `${describeCertificateProblem('name mismatch', 'ERR_TLS_CERT_ALTNAME_INVALID')}: ${identityError.message}`,
    );
  }
  const daysLeft = Math.floor((notAfter - now.getTime()) / DAY_MS);
  if (Number.isNaN(daysLeft)) problems.push('expiry date unreadable');
  else if (!causes.has('expired')) {
    evidence.push(`${daysLeft} days to expiry (minimum ${minDays})`);
    if (daysLeft <= minDays) problems.push(`expires in ${daysLeft} days, not more than ${minDays}`);
  }
  const advice = [...causes].map((c) => `${c}: ${CAUSE_ADVICE[c]}`);
  return problems.length ? fail(...problems, ...evidence, ...advice) : pass(...evidence);
}

/**
 * One strict handshake, as every HTTPS probe makes it (chain, dates and host name verified,
 * trusting `ca` when given). When it fails for a certificate cause, returns the error that blocks
 * the HTTP checks; otherwise (success, or an unrelated failure each check reports itself) undefined.
 */
export async function certificateBlocker(options: VerifyOptions): Promise<BlockedError | undefined> {
  const target = tlsTarget(options.url);
  const r = await handshake(
    target,
    { rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
    options.timeoutMs,
  );
  if (r.ok) return undefined;
  const cause = certificateCause(r.code);
  if (cause === undefined) return undefined;
  return new BlockedError(
    'tls.certificate',
    `the certificate of ${target.host}:${target.port} is refused: ${describeCertificateProblem(cause, r.code)}; every HTTPS request would fail on it`,
  );
}

export async function tlsChecks(options: VerifyOptions): Promise<CheckResult[]> {
  const target = tlsTarget(options.url);
  const where = `${target.host}:${target.port}`;
  const family = 'tls' as const;
  const ca = options.ca ? { ca: options.ca } : {};
  return [
    await runCheck(
      { id: 'tls.version', family, title: 'Handshake negotiates TLS 1.2 or 1.3', checklist: ['SEC-07'] },
      async () => {
        const r = await handshake(target, { rejectUnauthorized: false }, options.timeoutMs);
        if (!r.ok) return fail(`handshake with ${where} failed: ${r.code} ${r.message}`);
        const line = `${where} negotiated ${r.protocol} (${r.cipher})`;
        return r.protocol === 'TLSv1.2' || r.protocol === 'TLSv1.3' ? pass(line) : fail(line);
      },
    ),
    await runCheck(
      {
        id: 'tls.legacy-refused',
        family,
        title: 'A client offering only TLS 1.0 or 1.1 is refused',
        checklist: ['SEC-07', 'TEST-05'],
      },
      async () => {
        const v10 = await probeLegacy(target, 'TLSv1', options.timeoutMs);
        const v11 = await probeLegacy(target, 'TLSv1.1', options.timeoutMs);
        const evidence = [`TLS 1.0: ${v10}`, `TLS 1.1: ${v11}`];
        if (v10 === 'accepted' || v11 === 'accepted') return fail(...evidence);
        if (v10 === 'inconclusive' || v11 === 'inconclusive') {
          return skip(`this client could not complete a legacy handshake attempt (${evidence.join(', ')})`);
        }
        return pass(...evidence);
      },
    ),
    await runCheck(
      {
        id: 'tls.certificate',
        family,
        title: `Certificate trusted, valid for the host, more than ${options.minCertDays} days left`,
        checklist: ['SEC-07', 'MON-09'],
      },
      async () => {
        const r = await handshake(target, { rejectUnauthorized: false, ...ca }, options.timeoutMs);
        if (!r.ok) return fail(`handshake with ${where} failed: ${r.code} ${r.message}`);
        return certificateOutcome(target.host, r, options.minCertDays, new Date());
      },
    ),
  ];
}
