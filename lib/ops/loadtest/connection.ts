import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What one request saw. Times are `performance.now()` values in ms. */
export type RequestOutcome =
  | {
      readonly kind: 'response';
      /** When the request's bytes went out on an open connection (after any reconnect). */
      readonly startedAt: number;
      /** Its own write to the end of its own response: a reconnect is never part of it. */
      readonly latencyMs: number;
      readonly status: number;
      /** This request needed a new connection (the first one, or after the server closed one). */
      readonly connectMs?: number;
      /** That new connection replaced one the server closed (or that failed). */
      readonly reconnect?: boolean;
    }
  | {
      readonly kind: 'error';
      readonly startedAt: number;
      /** Node's error code (`ECONNRESET`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, ...) or `timeout`. */
      readonly code: string;
      readonly message: string;
      readonly connectMs?: number;
      readonly reconnect?: boolean;
    };

export interface ConnectionOptions {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly ca?: string;
  readonly timeoutMs: number;
}

/**
 * One keep-alive connection with at most one request in flight, as wrk's connections are. Each
 * request is timed from the moment its bytes go out on an open socket to the end of its response;
 * when the server closed the connection (`Connection: close`, or a reset), the next request opens
 * a new one and the connect (and TLS handshake) time is recorded apart from any latency. TLS
 * certificates are always verified, against `ca` when given.
 */
export class LoadConnection {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly known = new WeakSet<Socket>();
  private opened = 0;

  constructor(private readonly options: ConnectionOptions) {
    const secure = options.url.protocol === 'https:';
    this.transport = secure ? https : http;
    const common = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, keepAliveMsecs: 30_000 };
    this.agent = secure
      ? new https.Agent({ ...common, ...(options.ca === undefined ? {} : { ca: options.ca }) })
      : new http.Agent(common);
  }

  send(): Promise<RequestOutcome> {
    const { url, method, headers, body, timeoutMs } = this.options;
    return new Promise((resolve) => {
      const queuedAt = performance.now();
      let startedAt: number | undefined;
      let connectMs: number | undefined;
      let reconnect = false;
      const withConnect = <T extends object>(o: T): T =>
        connectMs === undefined ? o : { ...o, connectMs, reconnect };
      const done = (outcome: RequestOutcome): void => {
        resolve(outcome);
      };
      const req = this.transport.request(url, {
        method,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: this.agent,
      });
      req.on('socket', (socket: Socket) => {
        if (this.known.has(socket)) {
          startedAt = performance.now();
          return;
        }
        this.known.add(socket);
        reconnect = this.opened > 0;
        this.opened += 1;
        // A new connection: the request is written once it is open (TLS: once the handshake is
        // done), and its clock starts then.
        const ready = (): void => {
          startedAt = performance.now();
          connectMs = startedAt - queuedAt;
        };
        if ('encrypted' in socket) socket.once('secureConnect', ready);
        else if (socket.connecting) socket.once('connect', ready);
        else ready();
      });
      req.setTimeout(timeoutMs, () => {
        const error = new Error(`no response within ${timeoutMs} ms`) as NodeJS.ErrnoException;
        error.code = 'timeout';
        req.destroy(error);
      });
      req.on('response', (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          const end = performance.now();
          const start = startedAt ?? queuedAt;
          done(
            withConnect({
              kind: 'response' as const,
              startedAt: start,
              latencyMs: end - start,
              status: res.statusCode ?? 0,
            }),
          );
        });
        res.on('error', (error: NodeJS.ErrnoException) =>
          done(
            withConnect({
              kind: 'error' as const,
              startedAt: startedAt ?? queuedAt,
              code: error.code ?? 'ERROR',
              message: error.message,
            }),
          ),
        );
      });
      req.on('error', (error: NodeJS.ErrnoException) =>
        done(
          withConnect({
            kind: 'error' as const,
            startedAt: startedAt ?? queuedAt,
            code: error.code ?? 'ERROR',
            message: error.message,
          }),
        ),
      );
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
