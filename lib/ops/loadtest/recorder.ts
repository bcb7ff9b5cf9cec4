import { type RecordableHistogram, createHistogram } from 'node:perf_hooks';
import { RequestOutcome } from './connection';

/** Percentiles of one histogram, in ms. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** What one stretch of the run (the whole run, or one tenth of a soak) saw. */
export interface WindowFigures {
  readonly latency: LatencyFigures;
  /** Responses per status code. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Requests that got no response, per error code. */
  readonly errors: Readonly<Record<string, number>>;
  /** One message per error code, for the report. */
  readonly errorMessages: Readonly<Record<string, string>>;
  /** Connections opened (the first of each connection included). */
  readonly connectionsOpened: number;
  /** Of those, the ones that replaced a connection the server closed. */
  readonly reconnects: number;
  readonly connect: LatencyFigures;
  /** Soak: requests that started more than one interval after they were due. */
  readonly late: number;
}

const ms = (us: number): number => Math.round(us) / 1000;

/** Figures of a microsecond histogram, in ms with 3 decimals (all zero when empty). */
function figures(h: RecordableHistogram): LatencyFigures {
  if (h.count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  return {
    count: h.count,
    p50: ms(h.percentile(50)),
    p90: ms(h.percentile(90)),
    p99: ms(h.percentile(99)),
    max: ms(h.max),
    mean: ms(h.mean),
  };
}

/** Node's HDR histogram (3 significant digits), values in whole microseconds of at least 1. */
const record = (h: RecordableHistogram, valueMs: number): void =>
  h.record(Math.max(1, Math.round(valueMs * 1000)));

class Window {
  readonly latency = createHistogram();
  readonly connect = createHistogram();
  readonly statusCodes: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly errorMessages: Record<string, string> = {};
  late = 0;
  reconnects = 0;

  addConnect(connectMs: number, reconnect: boolean): void {
    record(this.connect, connectMs);
    if (reconnect) this.reconnects += 1;
  }

  add(o: RequestOutcome): void {
    if (o.connectMs !== undefined) this.addConnect(o.connectMs, o.reconnect === true);
    if (o.kind === 'response') {
      record(this.latency, o.latencyMs);
      this.statusCodes[o.status] = (this.statusCodes[o.status] ?? 0) + 1;
    } else {
      this.errors[o.code] = (this.errors[o.code] ?? 0) + 1;
      this.errorMessages[o.code] ??= o.message;
    }
  }

  figures(): WindowFigures {
    return {
      latency: figures(this.latency),
      statusCodes: { ...this.statusCodes },
      errors: { ...this.errors },
      errorMessages: { ...this.errorMessages },
      connectionsOpened: this.connect.count,
      reconnects: this.reconnects,
      connect: figures(this.connect),
      late: this.late,
    };
  }
}

/**
 * Collects outcomes for the whole run and, when asked for `slices`, for equal stretches of it by
 * the time each request started (a soak's tenths). Outcomes after {@link stop} are dropped: the
 * run's duration is the window, as in wrk.
 */
export class Recorder {
  private readonly total = new Window();
  private readonly windows: Window[];
  private stopped = false;

  constructor(
    private readonly startedAt: number,
    private readonly durationMs: number,
    slices = 1,
  ) {
    this.windows = Array.from({ length: slices }, () => new Window());
  }

  private windowAt(at: number): Window {
    const i = Math.floor(((at - this.startedAt) / this.durationMs) * this.windows.length);
    return this.windows[Math.min(this.windows.length - 1, Math.max(0, i))]!;
  }

  add(outcome: RequestOutcome): void {
    if (this.stopped) return;
    this.total.add(outcome);
    this.windowAt(outcome.startedAt).add(outcome);
  }

  /**
   * The untimed warm-up request of a connection: its connect time and any error count, its latency
   * and status do not (it ran before the clock started).
   */
  addWarmUp(outcome: RequestOutcome): void {
    if (this.stopped) return;
    for (const w of [this.total, this.windows[0]!]) {
      if (outcome.kind === 'error') w.add(outcome);
      else if (outcome.connectMs !== undefined) w.addConnect(outcome.connectMs, outcome.reconnect === true);
    }
  }

  /** A soak request that could not start on time. */
  late(dueAt: number): void {
    if (this.stopped) return;
    this.total.late += 1;
    this.windowAt(dueAt).late += 1;
  }

  /** Responses so far (for progress). */
  get responses(): number {
    return this.total.latency.count;
  }

  stop(): void {
    this.stopped = true;
  }

  figures(): { total: WindowFigures; slices: WindowFigures[] } {
    return { total: this.total.figures(), slices: this.windows.map((w) => w.figures()) };
  }
}
