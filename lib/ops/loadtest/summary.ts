import type autocannon from 'autocannon';
import { LoadTestOptions } from './options';

export interface GateResult {
  readonly name: 'p99' | 'error-rate';
  readonly ok: boolean;
  readonly actual: number;
  readonly target: number;
  readonly message: string;
}

export interface LoadTestReport {
  readonly tool: 'shipshape loadtest';
  readonly url: string;
  readonly method: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: {
    readonly total: number;
    readonly perSecond: number;
  };
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
    readonly average: number;
  };
  readonly errors: {
    /** Connection errors, timeouts included. */
    readonly connection: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly errorRate: number;
    readonly non2xxRate: number;
  };
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly gates: readonly GateResult[];
  readonly ok: boolean;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Turns autocannon's result into the report and applies the gates. The error rate counts both
 * failure kinds over every attempt: `(connection errors + non-2xx) / (responses + connection errors)`.
 * A run with no response at all fails both gates: it measured nothing.
 */
export function summarize(result: autocannon.Result, options: LoadTestOptions): LoadTestReport {
  const responses = result.requests.total ?? 0;
  const attempts = responses + result.errors;
  const failed = result.errors + result.non2xx;
  const errorRate = attempts === 0 ? 1 : failed / attempts;
  const non2xxRate = responses === 0 ? 0 : result.non2xx / responses;
  const p99 = result.latency.p99;
  const measured = responses > 0;
  const gates: GateResult[] = [
    {
      name: 'p99',
      ok: measured && p99 <= options.p99TargetMs,
      actual: p99,
      target: options.p99TargetMs,
      message: measured
        ? `p99 ${p99} ms ${p99 <= options.p99TargetMs ? '<=' : '>'} target ${options.p99TargetMs} ms`
        : 'no response received: latency not measured',
    },
    {
      name: 'error-rate',
      ok: measured && errorRate <= options.maxErrorRate,
      actual: round(errorRate, 6),
      target: options.maxErrorRate,
      message: `error rate ${(errorRate * 100).toFixed(3)}% (${failed} of ${attempts}) ${errorRate <= options.maxErrorRate ? '<=' : '>'} max ${(options.maxErrorRate * 100).toFixed(3)}%`,
    },
  ];
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = Number(count);
  return {
    tool: 'shipshape loadtest',
    url: new URL(options.path, options.url).href,
    method: options.method,
    connections: options.connections,
    durationSeconds: round(result.duration),
    requests: {
      total: responses,
      perSecond: round(result.duration > 0 ? responses / result.duration : 0, 1),
    },
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99,
      max: result.latency.max,
      average: round(result.latency.average),
    },
    errors: {
      connection: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      errorRate: round(errorRate, 6),
      non2xxRate: round(non2xxRate, 6),
    },
    statusCodes,
    gates,
    ok: gates.every((g) => g.ok),
  };
}

export function formatLoadTestText(report: LoadTestReport): string {
  const l = report.latencyMs;
  const e = report.errors;
  const codes = Object.entries(report.statusCodes)
    .map(([c, n]) => `${c} x${n}`)
    .join(', ');
  return `${[
    `shipshape loadtest ${report.method} ${report.url}`,
    `  ${report.connections} connections for ${report.durationSeconds} s`,
    `  requests:   ${report.requests.total} total, ${report.requests.perSecond} req/s`,
    `  latency:    p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms, mean ${l.average} ms`,
    `  errors:     ${e.connection} connection (${e.timeouts} timeouts), ${e.non2xx} non-2xx`,
    `  rates:      error ${(e.errorRate * 100).toFixed(3)}%, non-2xx ${(e.non2xxRate * 100).toFixed(3)}%`,
    `  statuses:   ${codes || '(none)'}`,
    ...report.gates.map((g) => `  ${g.ok ? 'PASS' : 'FAIL'} ${g.name}: ${g.message}`),
    report.ok
      ? 'loadtest: all gates passed'
      : `loadtest: FAILED (${report.gates
          .filter((g) => !g.ok)
          .map((g) => g.name)
          .join(', ')})`,
  ].join('\n')}\n`;
}
