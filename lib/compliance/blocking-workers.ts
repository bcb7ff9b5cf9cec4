import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * Prepended to every worker source: `post(message)` hands a result to the main thread and wakes it,
 * even while it is blocked in another engine's synchronous `validate()` (no event loop runs there).
 * `postReport(fields, compute)` posts `{ ...fields, report }` with what `compute()` returns, or
 * `{ ...fields, error }` with why it threw: a worker never dies without answering.
 */
const POST = `
const { workerData } = require('node:worker_threads');
const counter = new Int32Array(workerData.signal);
const post = (message) => {
  workerData.port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
};
const postReport = (fields, compute) => {
  let message;
  try {
    message = { ...fields, report: compute() };
  } catch (error) {
    message = { ...fields, error: String((error && error.stack) || error) };
  }
  post(message);
};
`;

/** Options of {@link BlockingWorkers}. */
export interface BlockingWorkersOptions<R> {
  /** Sees each result from a worker once, as it arrives (to keep it, say). @default - nothing */
  readonly onArrival?: (result: R) => void;
  /**
   * How long `await` waits without any result arriving before it gives up: a worker that died
   * without posting would otherwise be waited for forever. @default 10 minutes
   */
  readonly stallMs?: number;
}

/**
 * Worker threads that compute results a synchronous caller waits for: a policy-validation plugin's
 * `validate()` is synchronous, so a result computed on another thread (started early, while the
 * main thread does other work) is collected by blocking on a shared counter, not by events.
 *
 * Each worker runs plain JavaScript (`new Worker(source, { eval: true })`), so it loads under tsx,
 * Jest and plain node alike. It finds its input in `workerData` and calls `post(result)` (or
 * `postReport`) once per result. Workers are unref'd: they never keep a finished synthesis alive.
 */
export class BlockingWorkers<R> {
  private readonly results = new Map<string, R>();
  private readonly ports: MessagePort[] = [];
  private readonly signal = new SharedArrayBuffer(4);
  private readonly counter = new Int32Array(this.signal);
  private received = 0;

  private readonly onArrival: (result: R) => void;
  private readonly stallMs: number;

  /**
   * @param source the worker's JavaScript; `workerData`, `post` and `postReport` are in scope
   * @param idOf which wait a result settles
   */
  constructor(
    private readonly source: string,
    private readonly idOf: (result: R) => string,
    options: BlockingWorkersOptions<R> = {},
  ) {
    this.onArrival = options.onArrival ?? (() => {});
    this.stallMs = options.stallMs ?? 10 * 60_000;
  }

  /** Starts one worker with `data` as its `workerData` (plus the channel back). */
  start(data: Readonly<Record<string, unknown>>): void {
    const { port1, port2 } = new MessageChannel();
    this.ports.push(port1);
    const worker = new Worker(`${POST}\n${this.source}`, {
      eval: true,
      workerData: { ...data, signal: this.signal, port: port2 },
      transferList: [port2],
    });
    worker.unref();
  }

  /** Records a result that needs no worker (a kept one). */
  settle(id: string, result: R): void {
    this.results.set(id, result);
  }

  /** The result for `id`, blocking until a worker posts it. */
  await(id: string): R {
    let waitedMs = 0;
    for (;;) {
      this.drain();
      const known = this.results.get(id);
      if (known !== undefined) return known;
      const started = Date.now();
      const woke = Atomics.wait(this.counter, 0, this.received, this.stallMs - waitedMs);
      waitedMs = woke === 'timed-out' ? waitedMs + (Date.now() - started) : 0;
      if (waitedMs >= this.stallMs) {
        throw new Error(
          `no result for ${id} after ${this.stallMs / 1000} s without any: its worker thread died or hangs`,
        );
      }
    }
  }

  /** Takes every message that has arrived. */
  private drain(): void {
    for (const port of this.ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const result = m.message as R;
        this.results.set(this.idOf(result), result);
        this.received++;
        this.onArrival(result);
      }
    }
  }
}
