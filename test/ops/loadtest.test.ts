import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { parseLoadTestArgs } from '../../lib/ops/cli/loadtest-args';
import { CLIENT_SATURATION, judgeClientLoad } from '../../lib/ops/loadtest/client-load';
import { LoadTestOptions, LoadTestProgress } from '../../lib/ops/loadtest/options';
import { LatencyFigures, WindowFigures } from '../../lib/ops/loadtest/recorder';
import { runLoadTest } from '../../lib/ops/loadtest/run';
import { driftPercent } from '../../lib/ops/loadtest/soak-report';
import { Measured, formatLoadTestText, summarize } from '../../lib/ops/loadtest/summary';
import { TestPki, makeTestPki } from '../support/test-pki';
import { Behaviour, SimpleServer, startPaced, startSimple, startSimpleTls } from './fixtures/simple-servers';

const options = (url: string, extra: Partial<LoadTestOptions> = {}): LoadTestOptions => ({
  url: new URL(url),
  path: '/',
  method: 'GET',
  durationSeconds: 1,
  connections: 4,
  keyHeader: 'X-API-KEY',
  p99TargetMs: 200,
  maxErrorRate: 0.001,
  timeoutSeconds: 5,
  ...extra,
});

async function against(behaviour: Behaviour, extra: Partial<LoadTestOptions> = {}) {
  const server: SimpleServer = await startSimple(behaviour);
  try {
    const progress: LoadTestProgress[] = [];
    const report = await runLoadTest(options(server.url, extra), { onProgress: (p) => progress.push(p) });
    return { report, progress };
  } finally {
    await server.close();
  }
}

describe('loadtest against local servers', () => {
  test('a fast server passes both gates and reports its figures', async () => {
    // p99 target 1000 ms, not 200: the suite shares two cores with other jobs, and a starved event
    // loop must not fail this test; the 200 ms gate is exercised by the slow server and summarize().
    const { report, progress } = await against('fast', { p99TargetMs: 1000 });
    expect(report.ok).toBe(true);
    expect(report.mode).toBe('load');
    expect(report.gates.map((g) => [g.name, g.ok])).toEqual([
      ['p99', true],
      ['error-rate', true],
    ]);
    expect(report.requests.total).toBeGreaterThan(50);
    expect(report.requests.perSecond).toBeGreaterThan(0);
    expect(report.latencyMs.p99).toBeLessThanOrEqual(1000);
    expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.p99);
    expect(report.errors).toMatchObject({ connection: 0, non2xx: 0, errorRate: 0, byCode: {} });
    expect(report.statusCodes['200']).toBe(report.requests.total);
    // One keep-alive connection each, never reopened.
    expect(report.connectionsOpened).toMatchObject({ total: 4, reconnects: 0 });
    expect(report.client.cpuPercent).toBeGreaterThan(0);
    expect(typeof report.client.saturated).toBe('boolean');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]!.durationSeconds).toBe(1);
    const text = formatLoadTestText(report);
    expect(text).toMatch(/req\/s/);
    expect(text).toMatch(/p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms/);
    expect(text).toMatch(/client: +CPU [\d.]+% of a core, event-loop delay p99 [\d.]+ ms/);
    expect(text).toContain('loadtest: all gates passed');
  });

  test(`a slow server (300 ms) breaks --p99 200 and only that gate`, async () => {
    const { report } = await against('slow');
    expect(report.ok).toBe(false);
    expect(report.latencyMs.p99).toBeGreaterThanOrEqual(300);
    expect(report.gates.filter((g) => !g.ok).map((g) => g.name)).toEqual(['p99']);
  });

  test('an error-returning server breaks the error-rate gate and only that gate', async () => {
    // p99 target 1000 ms for the same reason as above: only the error-rate gate is under test.
    const { report } = await against('error', { p99TargetMs: 1000 });
    expect(report.ok).toBe(false);
    expect(report.errors.non2xxRate).toBe(1);
    expect(report.errors.errorRate).toBe(1);
    expect(report.statusCodes['500']).toBeGreaterThan(0);
    expect(report.gates.filter((g) => !g.ok).map((g) => g.name)).toEqual(['error-rate']);
  });

  test('sends the key header when given', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers['x-api-key']));
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const report = await runLoadTest(
        options(`http://127.0.0.1:${port}`, { key: 'k'.repeat(64), connections: 1, p99TargetMs: 1000 }),
      );
      expect(report.ok).toBe(true);
      expect(new Set(seen)).toEqual(new Set(['k'.repeat(64)]));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test('a server closing keep-alive connections: p90 and p99 stay at its true latency, reconnects are counted apart', async () => {
    // 200 ms per request, `Connection: close` on every 3rd request of a connection: 4 connections
    // reconnect about 16 times in 3 s. The old client timed the request after a reconnect from an
    // earlier request's start and reported about twice the server's latency at p99. 200 ms (not
    // 50) keeps a scheduling stall of the shared test machine from looking like that.
    const server = await startPaced({ delayMs: 200, jitterMs: 2, closeEvery: 3 });
    try {
      const report = await runLoadTest(
        options(server.url, { durationSeconds: 3, connections: 4, p99TargetMs: 1000 }),
      );
      expect(report.connectionsOpened.reconnects).toBeGreaterThanOrEqual(12);
      expect(report.connectionsOpened.total).toBe(report.connectionsOpened.reconnects + 4);
      expect(report.errors.connection).toBe(0);
      expect(report.latencyMs.p50).toBeGreaterThanOrEqual(200);
      expect(report.latencyMs.p50).toBeLessThan(215);
      // A third of the requests follow a reconnect: charged a reconnect, p90 and p99 would double.
      // With about 50 requests p90 and p99 are among the slowest few, so each gets room for the stalls
      // of a loaded 2-core machine (measured up to 264 ms for p90), still well short of double.
      expect(report.latencyMs.p90).toBeLessThan(200 * 1.5);
      expect(report.latencyMs.p99).toBeLessThan(200 * 1.9);
      expect(report.connectionsOpened.connectMs.p50).toBeGreaterThan(0);
      expect(formatLoadTestText(report)).toMatch(
        /connects: +\d+ opened \(\d+ reconnects\).*\(not in latency\)/,
      );
    } finally {
      await server.close();
    }
  });
});

describe('loadtest over TLS: certificates are verified', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki.cleanup());

  test('a server whose CA is given with --ca passes', async () => {
    const server = await startSimpleTls('fast', pki);
    try {
      const report = await runLoadTest(
        options(server.url, { ca: pki.ca, connections: 2, p99TargetMs: 1000 }),
      );
      expect(report.errors.connection).toBe(0);
      expect(report.ok).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('the same server without --ca fails: every request refused, the code and the remedy named', async () => {
    const server = await startSimpleTls('fast', { key: pki.key, cert: pki.cert });
    try {
      const report = await runLoadTest(options(server.url, { connections: 2 }));
      expect(report.ok).toBe(false);
      expect(report.requests.total).toBe(0);
      expect(Object.keys(report.errors.byCode)).toEqual(['UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
      expect(report.errors.byCode['UNABLE_TO_VERIFY_LEAF_SIGNATURE']!.message).toMatch(/pass --ca/);
      // Backoff: a refusing endpoint is not hammered (2 connections, 1 s: a handful of attempts).
      expect(report.errors.connection).toBeLessThan(40);
    } finally {
      await server.close();
    }
  });

  test('a self-signed server fails without --ca and passes with its own certificate as --ca', async () => {
    const server = await startSimpleTls('fast', { key: pki.key, cert: pki.selfSignedCert });
    try {
      const refused = await runLoadTest(options(server.url, { connections: 1 }));
      expect(refused.ok).toBe(false);
      expect(Object.keys(refused.errors.byCode)).toEqual(['DEPTH_ZERO_SELF_SIGNED_CERT']);
      const trusted = await runLoadTest(
        options(server.url, { connections: 1, ca: pki.selfSignedCert, p99TargetMs: 1000 }),
      );
      expect(trusted.ok).toBe(true);
      expect(trusted.requests.total).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('loadtest --soak', () => {
  test('a healthy server at a steady rate passes the drift gate; each tenth has its figures', async () => {
    // The gate at 100%, not 20: a tenth of a 3-second soak holds 30 requests, so its p99 is nearly
    // its maximum and one scheduling stall of this shared machine moves it; a real soak's tenth
    // holds thousands. The slowing server below breaks 20% by far.
    const server = await startPaced({ delayMs: 50, jitterMs: 2 });
    try {
      const report = await runLoadTest(
        options(server.url, {
          durationSeconds: 3,
          connections: 8,
          p99TargetMs: 1000,
          soak: { ratePerSecond: 100, maxDriftPercent: 100 },
        }),
      );
      expect(report.mode).toBe('soak');
      expect(report.soak!.tenths).toHaveLength(10);
      for (const t of report.soak!.tenths) {
        expect(t.requests).toBeGreaterThanOrEqual(20);
        expect(t.errors).toBe(0);
        expect(t.p50).toBeGreaterThanOrEqual(50);
      }
      // A steady rate, not a flood: about 100 req/s for 3 s.
      expect(report.requests.total).toBeGreaterThan(250);
      expect(report.requests.total).toBeLessThan(320);
      expect(report.gates.map((g) => [g.name, g.ok])).toEqual([
        ['p99', true],
        ['error-rate', true],
        ['drift', true],
      ]);
      expect(Math.abs(report.soak!.drift.p50Percent)).toBeLessThan(25);
      const text = formatLoadTestText(report);
      expect(text).toMatch(/tenth +from-to s +requests +p50 ms +p99 ms +errors +reconnects +late/);
      expect(text).toMatch(/drift: +p50 -?[\d.]+%, p99 -?[\d.]+%/);
    } finally {
      await server.close();
    }
  });

  test('a server that gets slower over time fails the drift gate, and only it', async () => {
    // 10 ms at the start, +30 ms per second: about 100 ms in the last tenth of 3 s.
    const server = await startPaced({ delayMs: 10, slowdownMsPerSecond: 30 });
    try {
      const report = await runLoadTest(
        options(server.url, {
          durationSeconds: 3,
          connections: 8,
          p99TargetMs: 1000,
          soak: { ratePerSecond: 50, maxDriftPercent: 20 },
        }),
      );
      expect(report.gates.filter((g) => !g.ok).map((g) => g.name)).toEqual(['drift']);
      expect(report.soak!.drift.p50Percent).toBeGreaterThan(200);
      expect(report.gates.find((g) => g.name === 'drift')!.message).toMatch(
        /latency drift first -> last tenth: p50 -?[\d.]+%, p99 -?[\d.]+% > max 20%/,
      );
    } finally {
      await server.close();
    }
  });

  test('the soak flags: --rate required, bounds, default 30 minutes, --rate without --soak refused', () => {
    const parsed = parseLoadTestArgs(
      ['--url', 'https://x.example', '--soak', '--rate', '50/s', '--max-drift', '20'],
      {},
    );
    if (parsed === 'help') throw new Error('help');
    expect(parsed.loadtest).toMatchObject({
      durationSeconds: 1800,
      soak: { ratePerSecond: 50, maxDriftPercent: 20 },
    });
    const long = parseLoadTestArgs(
      ['--url', 'https://x.example', '--soak', '--rate', '5', '--duration', '2h'],
      {},
    );
    if (long === 'help') throw new Error('help');
    expect(long.loadtest.durationSeconds).toBe(7200);
    expect(() => parseLoadTestArgs(['--url', 'https://x.example', '--soak'], {})).toThrow(
      /--soak needs --rate/,
    );
    expect(() => parseLoadTestArgs(['--url', 'https://x.example', '--rate', '5'], {})).toThrow(
      /--rate and --max-drift apply to --soak only/,
    );
    expect(() => parseLoadTestArgs(['--url', 'https://x.example', '--soak', '--rate', '99999'], {})).toThrow(
      /--rate must be between 0.1 and 5000/,
    );
    expect(() =>
      parseLoadTestArgs(['--url', 'https://x.example', '--soak', '--rate', '5', '--duration', '13h'], {}),
    ).toThrow(/--duration must be between 1s and 43200s/);
  });
});

describe('summarize: the gates from measured figures', () => {
  const lat = (p99: number, count = 10_000): LatencyFigures => ({
    count,
    p50: p99 / 2,
    p90: p99 - 1,
    p99,
    max: p99 + 1,
    mean: p99 / 2,
  });
  const window = (over: Partial<WindowFigures> = {}): WindowFigures => ({
    latency: lat(120),
    statusCodes: { 200: 10_000 },
    errors: {},
    errorMessages: {},
    connectionsOpened: 10,
    reconnects: 0,
    connect: lat(1, 10),
    late: 0,
    ...over,
  });
  const measured = (over: Partial<WindowFigures> = {}): Measured => ({
    total: window(over),
    slices: [window(over)],
    elapsedSeconds: 10,
    client: judgeClientLoad(10, 1, 2),
  });
  const opts = options('http://x');

  test('error rate counts requests without response and non-2xx over all attempts', () => {
    const r = summarize(
      measured({
        statusCodes: { 200: 9995, 503: 5 },
        errors: { ECONNRESET: 6 },
        errorMessages: { ECONNRESET: 'socket hang up' },
      }),
      opts,
    );
    expect(r.errors.errorRate).toBeCloseTo(11 / 10_006, 6);
    expect(r.errors.byCode).toEqual({ ECONNRESET: { count: 6, message: 'socket hang up' } });
    expect(r.gates.find((g) => g.name === 'error-rate')!.ok).toBe(false);
    expect(summarize(measured({ statusCodes: { 200: 9990, 500: 10 } }), opts).ok).toBe(true);
    expect(summarize(measured({ statusCodes: { 200: 9989, 500: 11 } }), opts).ok).toBe(false);
  });

  test('p99 at the target passes, above fails', () => {
    expect(summarize(measured({ latency: lat(200) }), opts).ok).toBe(true);
    expect(summarize(measured({ latency: lat(201) }), opts).gates[0]!.ok).toBe(false);
  });

  test('no response at all fails both gates', () => {
    const r = summarize(
      measured({ latency: lat(0, 0), statusCodes: {}, errors: { ECONNREFUSED: 40 } }),
      opts,
    );
    expect(r.gates.map((g) => g.ok)).toEqual([false, false]);
    expect(r.gates[0]!.message).toMatch(/not measured/);
  });

  test('drift: rise of the last tenth over the first, in percent', () => {
    expect(driftPercent(50, 60)).toBe(20);
    expect(driftPercent(50, 45)).toBe(-10);
    expect(driftPercent(0, 45)).toBe(0);
  });
});

describe('client saturation', () => {
  test('below both thresholds: no warning', () => {
    expect(judgeClientLoad(40, 3, 12)).toEqual({
      cpuPercent: 40,
      eventLoopDelayP99Ms: 3,
      eventLoopDelayMaxMs: 12,
      saturated: false,
    });
  });
  test('CPU or event-loop delay over its threshold: saturated, with a warning naming it', () => {
    const cpu = judgeClientLoad(CLIENT_SATURATION.cpuPercent + 5, 1, 2);
    expect(cpu.saturated).toBe(true);
    expect(cpu.warning).toMatch(/client CPU 85% of a core > 80%/);
    const loop = judgeClientLoad(10, 45, 90);
    expect(loop.warning).toMatch(/event-loop delay p99 45 ms > 20 ms/);
    expect(loop.warning).toMatch(/latencies are overstated/);
  });
  test('a load generator whose event loop is kept busy reports itself saturated, in the report and the JSON', async () => {
    const server = await startSimple('fast');
    // 60 ms of synchronous work every 100 ms: the responses wait in this process before they are timed.
    const hog = setInterval(() => {
      const until = Date.now() + 60;
      while (Date.now() < until);
    }, 100);
    try {
      const report = await runLoadTest(options(server.url, { connections: 2, p99TargetMs: 1000 }));
      expect(report.client.saturated).toBe(true);
      expect(report.client.eventLoopDelayP99Ms).toBeGreaterThan(CLIENT_SATURATION.eventLoopDelayP99Ms);
      expect(report.client.warning).toMatch(/the load generator saturated/);
      expect(JSON.parse(JSON.stringify(report)).client.saturated).toBe(true);
    } finally {
      clearInterval(hog);
      await server.close();
    }
  });

  test('the warning reaches the text report', () => {
    const report = summarize(
      {
        total: {
          latency: { count: 1, p50: 1, p90: 1, p99: 1, max: 1, mean: 1 },
          statusCodes: { 200: 1 },
          errors: {},
          errorMessages: {},
          connectionsOpened: 1,
          reconnects: 0,
          connect: { count: 1, p50: 1, p90: 1, p99: 1, max: 1, mean: 1 },
          late: 0,
        },
        slices: [],
        elapsedSeconds: 1,
        client: judgeClientLoad(95, 1, 1),
      },
      options('http://x'),
    );
    expect(formatLoadTestText(report)).toMatch(/WARNING: +the load generator saturated/);
  });
});
