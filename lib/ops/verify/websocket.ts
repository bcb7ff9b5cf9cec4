import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { CheckOutcome, fail, pass, runCheck, skip } from './check';
import { HttpProbe } from './http';
import { CheckResult, VerifyOptions } from './types';

/** What one WebSocket session showed, step by step; absent fields are steps never reached. */
export interface WebSocketObservation {
  readonly url: string;
  /** Time from the TCP connect to the 101 answer (TLS handshake included). */
  readonly connectMs?: number;
  /** Why the upgrade did not happen: `HTTP 403`, a certificate error, a timeout. */
  readonly connectError?: string;
  /** Time from sending the message to the first answer. */
  readonly echoMs?: number;
  /** The answer was the message itself. */
  readonly echoedSame?: boolean;
  /** Set when no answer came. */
  readonly echoError?: string;
  /** Idle time survived; equals the hold when the connection outlived it. */
  readonly heldMs?: number;
  readonly holdMs: number;
  /** Ping frames the server sent during the hold (the probe answers them, as a browser does). */
  readonly pingsDuringHold: number;
  /** After the hold, a second message was answered in this time. */
  readonly afterHoldEchoMs?: number;
  /** Close code and reason, and who closed. */
  readonly closeCode?: number;
  readonly closeReason?: string;
  readonly closedBy?: 'server' | 'probe';
}

export interface WebSocketProbeOptions {
  readonly url: URL;
  readonly ca?: string;
  readonly message: string;
  readonly holdMs: number;
  readonly timeoutMs: number;
}

const CLOSE_MEANINGS: Readonly<Record<number, string>> = {
  1000: 'normal closure',
  1001: 'going away',
  1006: 'abnormal closure: the connection dropped without a close frame',
  1008: 'policy violation',
  1011: 'server error',
};

export const describeClose = (code: number | undefined, reason?: string): string =>
  code === undefined
    ? 'no close code'
    : `code ${code}${CLOSE_MEANINGS[code] ? ` (${CLOSE_MEANINGS[code]})` : ''}${reason ? `, reason "${reason}"` : ''}`;

/** Resolves with the first text or binary message, or rejects after `timeoutMs`. */
function nextMessage(socket: WebSocket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData): void => {
      cleanup();
      resolve(
        Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data as Buffer).toString('utf8'),
      );
    };
    const onClose = (code: number): void => {
      cleanup();
      reject(new Error(`closed before answering: ${describeClose(code)}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}

/**
 * Opens a WebSocket (certificate verified against `ca` or the system roots, never skipped), sends
 * `message` and times the answer, then sends nothing for `holdMs` (the probe answers pings, as a
 * browser does, but sends none: a connection survives only if every hop, the ALB's idle timeout
 * included, keeps an idle connection that long, or the app pings within it), sends the message
 * again, and closes with 1000.
 */
export async function probeWebSocket(options: WebSocketProbeOptions): Promise<WebSocketObservation> {
  const url = options.url.href;
  const base = { url, holdMs: options.holdMs };
  // Written by event handlers: an object, so the reads below are not narrowed away.
  const seen: { pings: number; closed?: { code: number; reason: string; at: number } } = { pings: 0 };
  const started = performance.now();
  const socket = new WebSocket(url, {
    handshakeTimeout: options.timeoutMs,
    headers: { 'user-agent': 'shipshape-verify' },
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  socket.on('ping', () => {
    seen.pings += 1;
  });
  socket.on('close', (code, reason) => {
    seen.closed = { code, reason: reason.toString('utf8'), at: performance.now() };
  });
  const opened = await new Promise<{ ok: true } | { ok: false; error: string }>((resolve) => {
    socket.once('open', () => resolve({ ok: true }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({
        ok: false,
        error: `upgrade refused: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
      });
      socket.terminate();
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, error: `${error.code ? `${error.code}: ` : ''}${error.message}` }),
    );
  });
  // The 'error' event may fire again on a socket already given up on: keep it from throwing.
  socket.on('error', () => undefined);
  if (!opened.ok) return { ...base, pingsDuringHold: 0, connectError: opened.error };
  const connectMs = performance.now() - started;

  const sendAndTime = async (): Promise<{ ms: number; same: boolean }> => {
    const sent = performance.now();
    const answer = nextMessage(socket, options.timeoutMs);
    socket.send(options.message);
    const text = await answer;
    return { ms: performance.now() - sent, same: text === options.message };
  };

  let echo: { ms: number; same: boolean };
  try {
    echo = await sendAndTime();
  } catch (error) {
    socket.terminate();
    return { ...base, connectMs, pingsDuringHold: 0, echoError: (error as Error).message };
  }

  const holdStart = performance.now();
  seen.pings = 0;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.holdMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const after = { connectMs, echoMs: echo.ms, echoedSame: echo.same, pingsDuringHold: seen.pings };
  const closed = seen.closed;
  if (closed !== undefined) {
    return {
      ...base,
      ...after,
      heldMs: closed.at - holdStart,
      closeCode: closed.code,
      closeReason: closed.reason,
      closedBy: 'server',
    };
  }
  let afterHoldEchoMs: number | undefined;
  let afterHoldError: string | undefined;
  try {
    afterHoldEchoMs = (await sendAndTime()).ms;
  } catch (error) {
    afterHoldError = (error as Error).message;
  }
  if (afterHoldError !== undefined) {
    socket.terminate();
    return {
      ...base,
      ...after,
      heldMs: options.holdMs,
      echoError: `after the hold: ${afterHoldError}`,
      ...(seen.closed === undefined ? {} : { closeCode: seen.closed.code, closedBy: 'server' as const }),
    };
  }
  // Close from our side and wait for the server's close frame (bounded).
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, options.timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close(1000, 'shipshape verify done');
  });
  return {
    ...base,
    ...after,
    heldMs: options.holdMs,
    ...(afterHoldEchoMs === undefined ? {} : { afterHoldEchoMs }),
    ...(seen.closed === undefined ? {} : { closeCode: seen.closed.code, closeReason: seen.closed.reason }),
    closedBy: 'probe',
  };
}

const ms = (n: number | undefined): string => (n === undefined ? '-' : `${Math.round(n)} ms`);
const seconds = (n: number): string => `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} s`;

export function echoOutcome(o: WebSocketObservation): CheckOutcome {
  if (o.connectError !== undefined) return fail(`${o.url}: ${o.connectError}`);
  const connected = `${o.url}: upgraded (101) in ${ms(o.connectMs)}`;
  if (o.echoMs === undefined)
    return fail(connected, `no answer to the first message: ${o.echoError ?? 'unknown'}`);
  return pass(
    connected,
    `answered in ${ms(o.echoMs)}${o.echoedSame ? ' (echo of the message)' : ' (an answer other than the echo)'}`,
  );
}

export function holdOutcome(o: WebSocketObservation): CheckOutcome {
  if (o.connectError !== undefined || o.echoMs === undefined)
    return skip('no working connection to hold (see websocket.echo)');
  const hold = seconds(o.holdMs);
  const pings = `${o.pingsDuringHold} ping(s) from the server during the hold`;
  if (o.closedBy === 'server' && o.heldMs !== undefined && o.heldMs < o.holdMs) {
    return fail(
      `did not survive the ${hold} idle hold: closed by the server after ${seconds(o.heldMs)}, ${describeClose(o.closeCode, o.closeReason)}`,
      pings,
      'raise edge.idleTimeoutSeconds above the hold, or have the app ping idle connections within it',
    );
  }
  if (o.afterHoldEchoMs === undefined) {
    return fail(
      `the connection looked open after the ${hold} hold but did not answer: ${o.echoError ?? 'unknown'}`,
      pings,
    );
  }
  return pass(
    `survived the ${hold} idle hold (${pings}); answered again in ${ms(o.afterHoldEchoMs)}`,
    `closed by the probe: ${describeClose(o.closeCode, o.closeReason)}`,
  );
}

/** `wss://` for an `https://` base (and `ws://` for `http://`), with the WebSocket path. */
export function websocketUrl(base: URL, path: string): URL {
  const url = new URL(path, base);
  url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/**
 * `websocket.echo` and `websocket.idle-hold` (DOCK-06): one session serves both. Opt-in with
 * `--websocket-path`; BLOCKED with the HTTPS checks when the certificate is refused.
 */
export async function websocketChecks(options: VerifyOptions, client: HttpProbe): Promise<CheckResult[]> {
  const family = 'websocket' as const;
  const ws = options.websocket;
  let session: Promise<WebSocketObservation> | undefined;
  const observe = (): Promise<WebSocketObservation> => {
    if (client.blocked) return Promise.reject(client.blocked);
    if (ws === undefined) throw new Error('unreachable: no WebSocket options');
    session ??= probeWebSocket({
      url: websocketUrl(options.url, ws.path),
      message: ws.message,
      holdMs: ws.holdSeconds * 1000,
      timeoutMs: options.timeoutMs,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    return session;
  };
  const optIn = 'opt-in: pass --websocket-path to test a WebSocket endpoint';
  return [
    await runCheck(
      {
        id: 'websocket.echo',
        family,
        title: `A wss:// connection to ${ws?.path ?? 'the WebSocket path'} upgrades and answers a message`,
        checklist: ['DOCK-06', 'TEST-02'],
      },
      async () => (ws === undefined ? skip(optIn) : echoOutcome(await observe())),
    ),
    await runCheck(
      {
        id: 'websocket.idle-hold',
        family,
        title: `The connection survives ${ws ? seconds(ws.holdSeconds * 1000) : 'an idle-timeout interval'} idle and answers again`,
        checklist: ['DOCK-06'],
      },
      async () => (ws === undefined ? skip(optIn) : holdOutcome(await observe())),
    ),
  ];
}
