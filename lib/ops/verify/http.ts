import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { BlockedError } from './check';

export interface ProbeRequest {
  readonly method?: string;
  /** Path and query, resolved against the client's base URL. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ProbeResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** At most {@link MAX_BODY_BYTES} bytes, decoded as UTF-8. */
  readonly body: string;
  /** Wall time from sending the request to the last byte of the body. */
  readonly ms: number;
}

export interface HttpProbeOptions {
  readonly base: URL;
  readonly ca?: string;
  readonly timeoutMs: number;
  /** Set when every request would fail for one known cause: requests throw it without trying. */
  readonly blocked?: BlockedError;
}

/** Responses are read for leak patterns, not stored: a cap keeps a hostile endpoint from filling memory. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * A small HTTP(S) client for probes: never follows redirects, reuses connections (so latency
 * figures measure the service, not repeated TLS handshakes), and trusts Node's root store, or only
 * `ca` when one is given (Node's `ca` option replaces the defaults).
 */
export class HttpProbe {
  private readonly agent: http.Agent;
  private readonly secure: boolean;

  constructor(private readonly options: HttpProbeOptions) {
    this.secure = options.base.protocol === 'https:';
    this.agent = this.secure
      ? new https.Agent({ keepAlive: true, maxSockets: 16, ...(options.ca ? { ca: options.ca } : {}) })
      : new http.Agent({ keepAlive: true, maxSockets: 16 });
  }

  get base(): URL {
    return this.options.base;
  }

  /** The cause every request of this probe fails on without trying, if any. */
  get blocked(): BlockedError | undefined {
    return this.options.blocked;
  }

  request(req: ProbeRequest): Promise<ProbeResponse> {
    if (this.options.blocked) return Promise.reject(this.options.blocked);
    const target = new URL(req.path, this.options.base);
    const transport = this.secure ? https : http;
    const headers: Record<string, string> = { 'user-agent': 'shipshape-verify', ...(req.headers ?? {}) };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const request = transport.request(
        target,
        { method: req.method ?? 'GET', headers, agent: this.agent, timeout: this.options.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
            size += chunk.length;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no response within ${this.options.timeoutMs} ms`)),
      );
      request.on('error', reject);
      request.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A header as one string (repeated headers joined with ', '), or undefined. */
export function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `GET /x -> 200 in 12 ms` */
export function describeResponse(req: ProbeRequest, res: ProbeResponse): string {
  return `${req.method ?? 'GET'} ${req.path} -> ${res.status} in ${Math.round(res.ms)} ms`;
}
