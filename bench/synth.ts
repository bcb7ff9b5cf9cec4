// Synth benchmark: wall time and peak memory of an empty app vs the whole app with every check,
// the resource count, and the wall time of `npm test`. Run: npm run bench [-- --runs 3 --no-tests]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules/.bin/tsx');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'no-tests': { type: 'boolean', default: false } },
});
const runs = Number(values.runs);

if (!existsSync('/usr/bin/time')) {
  console.error('bench needs GNU time for peak memory: apt-get install -y time');
  process.exit(2);
}

interface Sample {
  wallS: number;
  peakMiB: number;
}

/** Runs a command under GNU time; returns wall seconds and peak RSS of the process tree's largest member. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  const last = result.stderr.trim().split('\n').at(-1)!.split(' ');
  return { wallS: Number(last[0]), peakMiB: Number(last[1]) / 1024 };
}

function median(samples: Sample[]): Sample {
  const by = (k: keyof Sample) =>
    samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  return { wallS: by('wallS'), peakMiB: by('peakMiB') };
}

function repeat(n: number, f: () => Sample): Sample {
  return median(Array.from({ length: n }, f));
}

function countResources(outdir: string): { stacks: number; resources: number } {
  let stacks = 0;
  let resources = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.template.json')) {
        stacks++;
        resources += Object.keys(
          (JSON.parse(readFileSync(path, 'utf8')) as { Resources?: object }).Resources ?? {},
        ).length;
      }
    }
  };
  walk(outdir);
  return { stacks, resources };
}

const fresh = () => mkdtempSync(join(tmpdir(), 'shipshape-bench-'));
// The app runs as the CLI runs it: with cdk.json's feature flags handed over as context.
const CONTEXT = {
  CDK_CONTEXT_JSON: JSON.stringify(
    (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: object }).context,
  ),
};
const empty = repeat(runs, () => measure(tsx, ['bench/empty-app.ts'], { CDK_OUTDIR: fresh() }));
let lastOut = '';
const whole = repeat(runs, () => {
  lastOut = fresh();
  return measure(tsx, ['bin/app.ts'], { ...CONTEXT, CDK_OUTDIR: lastOut });
});
const wholeNoValidator = repeat(runs, () =>
  measure(tsx, ['bin/app.ts'], { ...CONTEXT, CDK_OUTDIR: fresh(), CDK_VALIDATION: 'false' }),
);
const cli = repeat(1, () =>
  measure(join(root, 'node_modules/.bin/cdk'), ['synth', '--quiet', '-o', fresh()]),
);
const { stacks, resources } = countResources(lastOut);
const tests = values['no-tests'] ? undefined : measure('npm', ['test', '--silent']);

const gitRev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const row = (name: string, s: Sample, target = '') =>
  `| ${name} | ${s.wallS.toFixed(2)} s | ${s.peakMiB.toFixed(0)} MiB | ${target} |`;
console.log(`Shipshape synth benchmark @ ${gitRev}, ${cpus().length} cores, median of ${runs} runs\n`);
console.log('| what | wall | peak memory | target |');
console.log('| --- | --- | --- | --- |');
console.log(row('empty app synth (1 stack, 1 resource)', empty));
console.log(row('whole app synth, every check', whole, '<= 4x empty, < 2 GiB'));
console.log(row('whole app synth, built-in validator off', wholeNoValidator));
console.log(row('`cdk synth --quiet` (CLI + whole app)', cli));
if (tests) console.log(row('`npm test`', tests, '<= 90 s'));
console.log(`\nratio whole/empty: ${(whole.wallS / empty.wallS).toFixed(2)}x (target <= 4x)`);
console.log(`stacks: ${stacks}, resources: ${resources}`);
