import { SoakOptions } from './options';
import { WindowFigures } from './recorder';

/** One tenth of a soak. */
export interface SoakTenth {
  /** 0..9 */
  readonly index: number;
  readonly fromSeconds: number;
  readonly toSeconds: number;
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  /** Requests without a response plus non-2xx responses. */
  readonly errors: number;
  /** Connections opened again after the server closed one. */
  readonly reconnects: number;
  readonly late: number;
}

export interface SoakReport {
  readonly ratePerSecond: number;
  /** Requests that started more than one interval after they were due: every connection was busy. */
  readonly late: number;
  readonly tenths: readonly SoakTenth[];
  /** Rise from the first tenth to the last, in percent (negative: faster at the end). */
  readonly drift: { readonly p50Percent: number; readonly p99Percent: number };
  /** Both the first and the last tenth have responses. */
  readonly measured: boolean;
  readonly maxDriftPercent?: number;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** `(last - first) / first` in percent; 0 when the first is 0 (nothing to compare with). */
export function driftPercent(first: number, last: number): number {
  return first > 0 ? round1(((last - first) / first) * 100) : 0;
}

/**
 * Latency per tenth of the run and the drift between the first and the last tenth: a service that
 * leaks memory, connections or file handles gets slower (or starts failing) as the run goes on,
 * while a healthy one answers the same at minute 29 as at minute 1.
 */
export function soakReport(
  slices: readonly WindowFigures[],
  soak: SoakOptions,
  durationSeconds: number,
): SoakReport {
  const tenth = durationSeconds / slices.length;
  const tenths = slices.map((w, index): SoakTenth => {
    const errors =
      Object.values(w.errors).reduce((a, b) => a + b, 0) +
      Object.entries(w.statusCodes)
        .filter(([code]) => !(Number(code) >= 200 && Number(code) < 300))
        .reduce((n, [, count]) => n + count, 0);
    return {
      index,
      fromSeconds: round1(index * tenth),
      toSeconds: round1((index + 1) * tenth),
      requests: w.latency.count,
      p50: w.latency.p50,
      p99: w.latency.p99,
      errors,
      reconnects: w.reconnects,
      late: w.late,
    };
  });
  const first = tenths[0]!;
  const last = tenths[tenths.length - 1]!;
  return {
    ratePerSecond: soak.ratePerSecond,
    late: tenths.reduce((n, t) => n + t.late, 0),
    tenths,
    drift: { p50Percent: driftPercent(first.p50, last.p50), p99Percent: driftPercent(first.p99, last.p99) },
    measured: first.requests > 0 && last.requests > 0,
    ...(soak.maxDriftPercent === undefined ? {} : { maxDriftPercent: soak.maxDriftPercent }),
  };
}
