import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientLoadMonitor } from './client-load';
import { LoadConnection } from './connection';
import { LoadTestOptions, LoadTestProgress } from './options';
import { Recorder } from './recorder';
import { LoadTestReport, summarize } from './summary';

export interface LoadTestHooks {
  /** Once a second while the test runs. */
  readonly onProgress?: (progress: LoadTestProgress) => void;
}

/** A soak reports its latency per tenth of the run. */
const SOAK_SLICES = 10;
/** After a request that got no response, a connection waits before it tries again (doubling). */
const ERROR_BACKOFF_MS = { first: 25, max: 1000 } as const;

function connectionsFor(options: LoadTestOptions): LoadConnection[] {
  const headers: Record<string, string> = { 'user-agent': 'shipshape-loadtest' };
  if (options.key !== undefined) headers[options.keyHeader] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return Array.from(
    { length: options.connections },
    () =>
      new LoadConnection({
        url: new URL(options.path, options.url),
        method: options.method,
        headers,
        timeoutMs: options.timeoutSeconds * 1000,
        ...(options.body === undefined ? {} : { body: options.body }),
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      }),
  );
}

/**
 * Closed loop, as wrk runs: each connection sends its next request as soon as the previous one is
 * answered, until the deadline. A connection whose request got no response backs off (25 ms,
 * doubling to 1 s) so an endpoint that refuses every handshake is not hammered.
 */
async function closedLoop(
  connections: readonly LoadConnection[],
  recorder: Recorder,
  deadline: number,
): Promise<void> {
  await Promise.all(
    connections.map(async (connection) => {
      let backoff = 0;
      while (performance.now() < deadline) {
        const outcome = await connection.send();
        recorder.add(outcome);
        if (outcome.kind === 'error') {
          backoff = Math.min(ERROR_BACKOFF_MS.max, backoff === 0 ? ERROR_BACKOFF_MS.first : backoff * 2);
          await sleep(Math.min(backoff, Math.max(0, deadline - performance.now())));
        } else backoff = 0;
      }
    }),
  );
}

/**
 * Open loop at a steady rate: request i is due at `start + i / rate`, and starts on an idle
 * connection as soon as it is due. When every connection is busy the due request waits (counted
 * as late); at most one second of requests waits, the rest are counted late and not sent, so a
 * slow server is not met with a growing burst.
 */
async function soakLoop(
  connections: readonly LoadConnection[],
  recorder: Recorder,
  startedAt: number,
  deadline: number,
  ratePerSecond: number,
): Promise<void> {
  const interval = 1000 / ratePerSecond;
  const maxBacklog = Math.max(1, Math.ceil(ratePerSecond));
  const idle = [...connections];
  const backlog: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let due = startedAt;
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const dispatch = (): void => {
    const now = performance.now();
    if (now >= deadline) {
      finish();
      return;
    }
    while (due <= now && due < deadline) {
      if (backlog.length < maxBacklog) backlog.push(due);
      else recorder.late(due);
      due += interval;
    }
    while (backlog.length > 0 && idle.length > 0) {
      const dueAt = backlog.shift()!;
      if (now - dueAt > interval) recorder.late(dueAt);
      const connection = idle.pop()!;
      const sent = connection.send().then((outcome) => {
        recorder.add(outcome);
        idle.push(connection);
        inFlight.delete(sent);
        if (backlog.length > 0) dispatch();
      });
      inFlight.add(sent);
    }
    clearTimeout(timer);
    timer = setTimeout(dispatch, Math.max(0, Math.min(due, deadline) - performance.now()));
  };
  dispatch();
  await finished;
  clearTimeout(timer);
}

/**
 * Runs the bounded load test (or the soak) and returns the gated report. The run stops at its
 * deadline: responses still in flight then are not counted, as in wrk. Every connection is opened
 * by one untimed warm-up request before the clock starts; a connection opened later is a reconnect.
 */
export async function runLoadTest(
  options: LoadTestOptions,
  hooks: LoadTestHooks = {},
): Promise<LoadTestReport> {
  const connections = connectionsFor(options);
  // One untimed request per connection first: it opens the connection and warms the client's own
  // code paths (the JIT, lazily loaded modules), which otherwise show as outliers in the first
  // second that belong to this process, not to the service. Its outcome is not counted.
  const warmUp = await Promise.all(connections.map((c) => c.send()));
  const monitor = new ClientLoadMonitor();
  const durationMs = options.durationSeconds * 1000;
  const startedAt = performance.now();
  const deadline = startedAt + durationMs;
  const recorder = new Recorder(startedAt, durationMs, options.soak ? SOAK_SLICES : 1);
  for (const outcome of warmUp) recorder.addWarmUp(outcome);
  let elapsedSeconds = 0;
  const report = (): void =>
    hooks.onProgress?.({
      elapsedSeconds,
      durationSeconds: options.durationSeconds,
      requests: recorder.responses,
    });
  const progress = setInterval(() => {
    elapsedSeconds = Math.min(elapsedSeconds + 1, options.durationSeconds);
    report();
  }, 1000);
  monitor.start();
  try {
    const work = options.soak
      ? soakLoop(connections, recorder, startedAt, deadline, options.soak.ratePerSecond)
      : closedLoop(connections, recorder, deadline);
    // The deadline ends the run even when a request hangs until its timeout.
    await Promise.race([work, sleep(durationMs)]);
    recorder.stop();
    // The last tick and the deadline fall on the same millisecond: report the end once, for sure.
    if (elapsedSeconds < options.durationSeconds) {
      elapsedSeconds = options.durationSeconds;
      report();
    }
  } finally {
    clearInterval(progress);
    for (const c of connections) c.close();
  }
  const client = monitor.stop();
  const figures = recorder.figures();
  return summarize({ ...figures, elapsedSeconds: (performance.now() - startedAt) / 1000, client }, options);
}
