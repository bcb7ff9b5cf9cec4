import { ClientLoad } from './client-load';
import { LoadTestOptions } from './options';
import { WindowFigures } from './recorder';
import { SoakReport, soakReport } from './soak-report';

export interface GateResult {
  readonly name: 'p99' | 'error-rate' | 'drift';
  readonly ok: boolean;
  readonly actual: number;
  readonly target: number;
  readonly message: string;
}

export interface LoadTestReport {
  readonly tool: 'shipshape loadtest';
  readonly mode: 'load' | 'soak';
  readonly url: string;
  readonly method: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requests: {
    readonly total: number;
    readonly perSecond: number;
  };
  /** Each request timed from its own write to the end of its own response. */
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
    readonly average: number;
  };
  /** New connections: the first of each, plus one per reconnect after the server closed one. */
  readonly connectionsOpened: {
    readonly total: number;
    readonly reconnects: number;
    /** TCP connect (and TLS handshake) time, never added to a request's latency. */
    readonly connectMs: { readonly p50: number; readonly p99: number; readonly max: number };
  };
  readonly errors: {
    /** Requests that got no response (connection errors, timeouts included). */
    readonly connection: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly errorRate: number;
    readonly non2xxRate: number;
    /** Requests without a response, per error code, with one message each. */
    readonly byCode: Readonly<Record<string, { readonly count: number; readonly message: string }>>;
  };
  readonly statusCodes: Readonly<Record<string, number>>;
  /** How busy the load generator itself was; `saturated` means the figures are overstated. */
  readonly client: ClientLoad;
  readonly soak?: SoakReport;
  readonly gates: readonly GateResult[];
  readonly ok: boolean;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const sum = (r: Readonly<Record<string, number>>): number => Object.values(r).reduce((a, b) => a + b, 0);

/** Certificate failures say what to do; the rest speak for themselves. */
const TLS_HINT = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|ALTNAME/;

/** The measured figures of a run, before the gates. */
export interface Measured {
  readonly total: WindowFigures;
  readonly slices: readonly WindowFigures[];
  readonly elapsedSeconds: number;
  readonly client: ClientLoad;
}

/**
 * Applies the gates to what a run measured. The error rate counts both failure kinds over every
 * attempt: `(requests without response + non-2xx) / (responses + requests without response)`. A
 * run with no response at all fails both gates: it measured nothing.
 */
export function summarize(measured: Measured, options: LoadTestOptions): LoadTestReport {
  const { total, elapsedSeconds } = measured;
  const responses = total.latency.count;
  const noResponse = sum(total.errors);
  const non2xx = Object.entries(total.statusCodes)
    .filter(([code]) => !(Number(code) >= 200 && Number(code) < 300))
    .reduce((n, [, count]) => n + count, 0);
  const attempts = responses + noResponse;
  const failed = noResponse + non2xx;
  const errorRate = attempts === 0 ? 1 : failed / attempts;
  const non2xxRate = responses === 0 ? 0 : non2xx / responses;
  const p99 = total.latency.p99;
  const measuredAny = responses > 0;
  const gates: GateResult[] = [
    {
      name: 'p99',
      ok: measuredAny && p99 <= options.p99TargetMs,
      actual: p99,
      target: options.p99TargetMs,
      message: measuredAny
        ? `p99 ${p99} ms ${p99 <= options.p99TargetMs ? '<=' : '>'} target ${options.p99TargetMs} ms`
        : 'no response received: latency not measured',
    },
    {
      name: 'error-rate',
      ok: measuredAny && errorRate <= options.maxErrorRate,
      actual: round(errorRate, 6),
      target: options.maxErrorRate,
      message: `error rate ${(errorRate * 100).toFixed(3)}% (${failed} of ${attempts}) ${errorRate <= options.maxErrorRate ? '<=' : '>'} max ${(options.maxErrorRate * 100).toFixed(3)}%`,
    },
  ];
  const soak = options.soak ? soakReport(measured.slices, options.soak, options.durationSeconds) : undefined;
  if (soak?.maxDriftPercent !== undefined) {
    const worst = Math.max(soak.drift.p50Percent, soak.drift.p99Percent);
    const ok = soak.measured && worst <= soak.maxDriftPercent;
    gates.push({
      name: 'drift',
      ok,
      actual: worst,
      target: soak.maxDriftPercent,
      message: soak.measured
        ? `latency drift first -> last tenth: p50 ${soak.drift.p50Percent}%, p99 ${soak.drift.p99Percent}% ${ok ? '<=' : '>'} max ${soak.maxDriftPercent}%`
        : 'the first or the last tenth has no response: drift not measured',
    });
  }
  const byCode: Record<string, { count: number; message: string }> = {};
  for (const [code, count] of Object.entries(total.errors)) {
    const message = total.errorMessages[code] ?? code;
    byCode[code] = {
      count,
      message: TLS_HINT.test(code)
        ? `${message} (the certificate is not trusted: pass --ca with the issuing CA for a private endpoint)`
        : message,
    };
  }
  const opened = total.connectionsOpened;
  return {
    tool: 'shipshape loadtest',
    mode: options.soak ? 'soak' : 'load',
    url: new URL(options.path, options.url).href,
    method: options.method,
    connections: options.connections,
    durationSeconds: round(elapsedSeconds),
    requests: {
      total: responses,
      perSecond: round(elapsedSeconds > 0 ? responses / elapsedSeconds : 0, 1),
    },
    latencyMs: {
      p50: total.latency.p50,
      p90: total.latency.p90,
      p99,
      max: total.latency.max,
      average: round(total.latency.mean),
    },
    connectionsOpened: {
      total: opened,
      reconnects: total.reconnects,
      connectMs: { p50: total.connect.p50, p99: total.connect.p99, max: total.connect.max },
    },
    errors: {
      connection: noResponse,
      timeouts: total.errors['timeout'] ?? 0,
      non2xx,
      errorRate: round(errorRate, 6),
      non2xxRate: round(non2xxRate, 6),
      byCode,
    },
    statusCodes: total.statusCodes,
    client: measured.client,
    ...(soak === undefined ? {} : { soak }),
    gates,
    ok: gates.every((g) => g.ok),
  };
}

export function formatLoadTestText(report: LoadTestReport): string {
  const l = report.latencyMs;
  const e = report.errors;
  const c = report.connectionsOpened;
  const codes = Object.entries(report.statusCodes)
    .map(([code, n]) => `${code} x${n}`)
    .join(', ');
  const lines = [
    `shipshape loadtest ${report.method} ${report.url}${report.mode === 'soak' ? ' (soak)' : ''}`,
    `  ${report.connections} connections for ${report.durationSeconds} s`,
    `  requests:   ${report.requests.total} total, ${report.requests.perSecond} req/s`,
    `  latency:    p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms, mean ${l.average} ms`,
    `  connects:   ${c.total} opened (${c.reconnects} reconnects), connect p50 ${c.connectMs.p50} ms, p99 ${c.connectMs.p99} ms (not in latency)`,
    `  errors:     ${e.connection} without response (${e.timeouts} timeouts), ${e.non2xx} non-2xx`,
    ...Object.entries(e.byCode).map(
      ([code, { count, message }]) => `              ${code} x${count}: ${message}`,
    ),
    `  rates:      error ${(e.errorRate * 100).toFixed(3)}%, non-2xx ${(e.non2xxRate * 100).toFixed(3)}%`,
    `  statuses:   ${codes || '(none)'}`,
    `  client:     CPU ${report.client.cpuPercent}% of a core, event-loop delay p99 ${report.client.eventLoopDelayP99Ms} ms`,
  ];
  if (report.client.warning) lines.push(`  WARNING:    ${report.client.warning}`);
  if (report.soak) {
    const s = report.soak;
    lines.push(
      `  soak:       ${s.ratePerSecond} req/s asked; ${s.late} requests started late (all connections busy)`,
      '  tenth  from-to s    requests  p50 ms   p99 ms   errors  reconnects  late',
      ...s.tenths.map(
        (t) =>
          `  ${String(t.index + 1).padStart(5)}  ${`${t.fromSeconds}-${t.toSeconds}`.padEnd(10)} ${String(t.requests).padStart(9)} ${String(t.p50).padStart(7)} ${String(t.p99).padStart(8)} ${String(t.errors).padStart(8)} ${String(t.reconnects).padStart(11)} ${String(t.late).padStart(5)}`,
      ),
      `  drift:      p50 ${s.drift.p50Percent}%, p99 ${s.drift.p99Percent}% (last tenth against the first)`,
    );
  }
  lines.push(
    ...report.gates.map((g) => `  ${g.ok ? 'PASS' : 'FAIL'} ${g.name}: ${g.message}`),
    report.ok
      ? 'loadtest: all gates passed'
      : `loadtest: FAILED (${report.gates
          .filter((g) => !g.ok)
          .map((g) => g.name)
          .join(', ')})`,
  );
  return `${lines.join('\n')}\n`;
}
