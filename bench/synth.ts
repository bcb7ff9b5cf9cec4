// Synth and test-suite benchmark: one table with the figures of the CI feedback targets, measured
// with hyperfine (Debian) for wall time and GNU time for peak memory, on this machine:
//   - an empty app (1 stack, 1 resource): the baseline;
//   - the whole app with every engine, cold (no kept engine results) and warm (unchanged sources);
//   - `npm run audit` on the cdk.out the synth left (it reads it instead of synthesizing again);
//   - `npm test`, warm (caches and cdk.out current) and cold (as on a fresh clone);
//   - growth: 1, 3 and 6 stages (copies of staging), cold, wall, peak memory and cost per resource.
// Run: npm run bench [-- --runs 3 --no-tests --no-growth]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(__dirname, '..');
const bin = join(root, 'node_modules/.bin');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'no-tests': { type: 'boolean', default: false },
    'no-growth': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
for (const tool of ['hyperfine', '/usr/bin/time']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`bench needs ${tool}: apt-get install -y ${tool === 'hyperfine' ? 'hyperfine' : 'time'}`);
    process.exit(2);
  }
}

// Node 24 and the project's tools first, as every npm script has them.
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
// The app runs as the CLI runs it: with cdk.json's feature flags handed over as context (only the
// synth commands get it; npm test must not inherit it).
const contextFile = join(mkdtempSync(join(tmpdir(), 'shipshape-bench-ctx-')), 'context.json');
writeFileSync(
  contextFile,
  JSON.stringify((JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: object }).context),
);
const app = (script: string, outdir = '$(mktemp -d)') =>
  `CDK_CONTEXT_JSON="$(cat ${contextFile})" CDK_OUTDIR=${outdir} tsx ${script}`;
// Everything a fresh clone does not have: kept engine results, bundles and tsc's build info.
const CACHES = ['shipshape-validation', 'shipshape-bundles', 'shipshape-tsc'].map((d) =>
  join(root, 'node_modules/.cache', d),
);
const clearCaches = `rm -rf ${CACHES.join(' ')}`;

interface Figure {
  readonly medianS: number;
  readonly minS: number;
  readonly maxS: number;
  readonly peakMiB: number;
}

/** hyperfine's median (and range) of `command`, plus GNU time's peak memory of one more run. */
function measure(
  command: string,
  options: { prepare?: string; runs?: number; warmup?: number } = {},
): Figure {
  const json = join(mkdtempSync(join(tmpdir(), 'shipshape-bench-')), 'hyperfine.json');
  const args = ['--style', 'none', '--runs', String(options.runs ?? runs), '--export-json', json];
  if (options.warmup) args.push('--warmup', String(options.warmup));
  if (options.prepare) args.push('--prepare', options.prepare);
  const run = spawnSync('hyperfine', [...args, command], { cwd: root, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`hyperfine failed on ${command}:\n${run.stderr}`);
  const result = (
    JSON.parse(readFileSync(json, 'utf8')) as { results: { median: number; min: number; max: number }[] }
  ).results[0]!;
  if (options.prepare) execFileSync('sh', ['-c', options.prepare], { cwd: root, env });
  const time = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', command], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const peakKiB = Number(time.stderr.trim().split('\n').at(-1));
  return { medianS: result.median, minS: result.min, maxS: result.max, peakMiB: peakKiB / 1024 };
}

function resources(outdir: string): number {
  let count = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.template.json'))
        count += Object.keys(
          (JSON.parse(readFileSync(path, 'utf8')) as { Resources?: object }).Resources ?? {},
        ).length;
    }
  };
  walk(outdir);
  return count;
}

const s = (f: Figure) => `${f.medianS.toFixed(2)} s (${f.minS.toFixed(2)}-${f.maxS.toFixed(2)})`;
const out = (name: string) => join(mkdtempSync(join(tmpdir(), `shipshape-bench-${name}-`)), 'cdk.out');
const log = (what: string) => process.stderr.write(`bench: ${what}…\n`);

log('empty app');
const empty = measure(app('bench/empty-app.ts'), { warmup: 1 });
log('whole app, every engine, cold');
const cold = measure(app('bin/app.ts'), { prepare: clearCaches });
log('whole app, every engine, warm');
const warm = measure(app('bin/app.ts'), { warmup: 1 });
log('audit on a current cdk.out');
const cdkOut = out('audit');
execFileSync('sh', ['-c', `${app('bin/app.ts', cdkOut)} >/dev/null 2>&1`], { cwd: root, env });
const audit = measure(`tsx bin/shipshape.ts audit --cdk-out ${cdkOut} --out $(mktemp -d) >/dev/null`, {
  warmup: 1,
});

const rows: [string, Figure, string][] = [
  ['empty app (1 stack, 1 resource)', empty, 'baseline'],
  ['whole app, every engine, cold', cold, ''],
  ['whole app, every engine, warm (unchanged sources)', warm, '<= 4x empty'],
  ['audit on a current cdk.out', audit, '<= 1.2x the synth'],
];
if (!values['no-tests']) {
  log('npm test, warm');
  rows.push([
    '`npm test`, warm (caches, current cdk.out)',
    measure('npm test --silent >/dev/null 2>&1', { runs: 2, warmup: 1 }),
    '<= 90 s',
  ]);
  log('npm test, cold');
  rows.push([
    '`npm test`, cold (fresh clone: no caches, no cdk.out)',
    measure('npm test --silent >/dev/null 2>&1', {
      runs: 2,
      prepare: `${clearCaches} cdk.out && npx jest --clearCache >/dev/null`,
    }),
    '<= 90 s',
  ]);
}

const growth: string[] = [];
if (!values['no-growth']) {
  let base: number | undefined;
  for (const stages of [1, 3, 6]) {
    log(`${stages} stage(s), cold`);
    const dir = out(`growth${stages}`);
    const figure = measure(`STAGES=${stages} ${app('bench/stages-app.ts', dir)}`, {
      prepare: `${clearCaches}; rm -rf ${dir}`,
      runs: Math.min(runs, 2),
    });
    const count = resources(dir);
    const perResourceMs = (1000 * (figure.medianS - empty.medianS)) / count;
    base ??= perResourceMs;
    growth.push(
      `| ${stages} | ${count} | ${s(figure)} | ${figure.peakMiB.toFixed(0)} MiB | ${perResourceMs.toFixed(1)} ms | ${(perResourceMs / base).toFixed(2)}x |`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const node = execFileSync('node', ['--version'], { env, encoding: 'utf8' }).trim();
console.log(
  `Shipshape benchmark @ ${rev}, ${cpus().length} cores, Node ${node}, median of ${runs} runs (hyperfine)\n`,
);
console.log('| what | wall (median, range) | peak memory | target |');
console.log('| --- | --- | --- | --- |');
for (const [name, f, target] of rows)
  console.log(`| ${name} | ${s(f)} | ${f.peakMiB.toFixed(0)} MiB | ${target} |`);
console.log(
  `\nwhole/empty: cold ${(cold.medianS / empty.medianS).toFixed(2)}x, warm ${(warm.medianS / empty.medianS).toFixed(2)}x (target <= 4x)`,
);
console.log(`audit/synth (warm): ${(audit.medianS / warm.medianS).toFixed(2)}x (target <= 1.2x)`);
if (growth.length > 0) {
  console.log(
    '\nGrowth (stages are copies of staging; cold; cost per resource = (wall - empty) / resources)\n',
  );
  console.log('| stages | resources | wall | peak memory | per resource | vs 1 stage |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const line of growth) console.log(line);
}
