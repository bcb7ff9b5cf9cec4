// Does `shipshape loadtest` measure what wrk measures? One loopback HTTP server with a fixed
// response time (~50 ms plus a little jitter), run in its own process so neither client shares its
// event loop; our load test and `wrk --latency` against it with the same connections and duration,
// once with keep-alive connections kept open and once with the server closing each connection after
// every 100 requests. Prints p50 and p99 of both and their ratio; exits 1 when any ratio is off by
// more than 10%.
//
// A p99 over a few seconds rests on a few dozen samples, and on a machine shared with other work a
// single scheduling stall moves it by tens of ms for either tool. So the tools run in alternating
// rounds (ours first in odd rounds, wrk first in even ones) and the table shows the median of the
// rounds, with the range, instead of one draw.
//
//   apt-get install -y wrk      (Debian's wrk)
//   npx tsx bench/loadtest-vs-wrk.ts [--duration 5] [--rounds 5] [--connections 10]
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as http from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(__dirname, '..');
/** Base response time and jitter of the server, ms. */
const BASE_MS = 50;
const JITTER_MS = 4;
/** Requests per connection after which the closing server answers `Connection: close`. */
const CLOSE_EVERY = 100;
/** Largest accepted difference between the two tools, as a share. */
const TOLERANCE = 0.1;

/** The server, when this file runs as the child: `--serve <closeEvery>` (0: never close). */
function serve(closeEvery: number): void {
  const perSocket = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    setTimeout(
      () => {
        if (closeEvery > 0 && n % closeEvery === 0) res.setHeader('connection', 'close');
        res.setHeader('content-type', 'application/json');
        res.end('{"status":"ok"}');
      },
      BASE_MS + Math.random() * JITTER_MS,
    );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`${port}\n`);
  });
}

async function startServer(closeEvery: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...process.execArgv, __filename, '--serve', String(closeEvery)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((ok, fail) => {
    child.stdout!.once('data', (d: Buffer) => ok(d.toString().trim()));
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
}

/** `2.50ms`, `1.02s`, `850.00us` as wrk prints them, in ms. */
function wrkMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) throw new Error(`unreadable wrk latency "${value}"`);
  const factor: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
  return Number(m[1]) * factor[m[2]!]!;
}

function runWrk(url: string, connections: number, seconds: number, threads: number): Percentiles {
  const out = execFileSync('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', url], {
    encoding: 'utf8',
  });
  const pick = (label: string): number => {
    const m = new RegExp(`^\\s*${label}%\\s+(\\S+)`, 'm').exec(out);
    if (!m) throw new Error(`no ${label}% line in wrk output:\n${out}`);
    return wrkMs(m[1]!);
  };
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return { p50: pick('50'), p99: pick('99'), requests };
}

function runOurs(url: string, connections: number, seconds: number): Percentiles {
  // The CLI as an operator runs it, in its own process like wrk. Exit 1 (a gate) is not an error here.
  let out: string;
  try {
    out = execFileSync(
      resolve(ROOT, 'node_modules/.bin/tsx'),
      [
        'bin/shipshape.ts',
        'loadtest',
        '--url',
        url,
        '--duration',
        `${seconds}s`,
        '--connections',
        String(connections),
        '--p99',
        '60000',
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const report = JSON.parse(out) as { latencyMs: { p50: number; p99: number }; requests: { total: number } };
  return { p50: report.latencyMs.p50, p99: report.latencyMs.p99, requests: report.requests.total };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const range = (values: readonly number[]): string =>
  `[${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      serve: { type: 'string' },
      duration: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '10' },
      // One thread: wrk then runs one event loop for all its connections, as our client does, so
      // both face the same scheduling on a shared machine.
      'wrk-threads': { type: 'string', default: '1' },
    },
  });
  if (values.serve !== undefined) {
    serve(Number(values.serve));
    return -1; // keep serving until the parent kills this process
  }
  const seconds = Number(values.duration);
  const rounds = Number(values.rounds);
  const connections = Number(values.connections);
  const threads = Number(values['wrk-threads']);
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write('wrk not found: apt-get install -y wrk\n');
      return 2;
    }
  }
  const rows: string[] = [];
  let ok = true;
  const fmt = (n: number): string => n.toFixed(2).padStart(8);
  for (const [label, closeEvery] of [
    ['keep-alive', 0],
    [`close every ${CLOSE_EVERY}`, CLOSE_EVERY],
  ] as const) {
    const { url, child } = await startServer(closeEvery);
    try {
      const ours: Percentiles[] = [];
      const wrk: Percentiles[] = [];
      for (let round = 0; round < rounds; round++) {
        if (round % 2 === 0) {
          ours.push(runOurs(url, connections, seconds));
          wrk.push(runWrk(url, connections, seconds, threads));
        } else {
          wrk.push(runWrk(url, connections, seconds, threads));
          ours.push(runOurs(url, connections, seconds));
        }
      }
      for (const p of ['p50', 'p99'] as const) {
        const o = median(ours.map((r) => r[p]));
        const w = median(wrk.map((r) => r[p]));
        const ratio = o / w;
        const within = Math.abs(ratio - 1) <= TOLERANCE;
        ok &&= within;
        rows.push(
          `${label.padEnd(16)} ${p}  ours ${fmt(o)} ms ${range(ours.map((r) => r[p]))}  wrk ${fmt(w)} ms ${range(wrk.map((r) => r[p]))}  ratio ${ratio.toFixed(3)}  ${within ? 'ok' : 'OFF BY MORE THAN 10%'}`,
        );
      }
      rows.push(
        `${''.padEnd(16)} requests per round (median): ours ${median(ours.map((r) => r.requests))}, wrk ${median(wrk.map((r) => r.requests))}`,
      );
    } finally {
      child.kill();
    }
  }
  process.stdout.write(
    `loadtest vs wrk (${threads} thread): loopback server ${BASE_MS} ms + up to ${JITTER_MS} ms jitter, ${connections} connections, ${rounds} rounds of ${seconds} s per tool; median [min-max] of the rounds\n${rows.join('\n')}\n`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
