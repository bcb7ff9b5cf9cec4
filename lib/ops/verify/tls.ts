import * as net from 'node:net';
import * as tls from 'node:tls';
import { CheckOutcome, fail, pass, runCheck, skip } from './check';
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
 * Node 20's OpenSSL 3 will not complete a TLS 1.0/1.1 handshake at the default security level
 * (SHA-1 based signatures are refused client-side), so the probe drops to SECLEVEL=0: it must be
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
    `valid until ${cert.valid_to}`,
  ];
  const problems: string[] = [];
  if (!result.authorized)
    problems.push(`chain not trusted: ${result.authorizationError ?? 'unknown reason'}`);
  const identityError = tls.checkServerIdentity(host, cert);
  if (identityError) problems.push(`not valid for ${host}: ${identityError.message}`);
  const daysLeft = Math.floor((new Date(cert.valid_to).getTime() - now.getTime()) / DAY_MS);
  if (Number.isNaN(daysLeft)) problems.push('expiry date unreadable');
  else {
    evidence.push(`${daysLeft} days to expiry (minimum ${minDays})`);
    if (daysLeft <= minDays) problems.push(`expires in ${daysLeft} days, not more than ${minDays}`);
  }
  return problems.length ? fail(...problems, ...evidence) : pass(...evidence);
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
