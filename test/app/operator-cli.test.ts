import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { environments } from '../../config';
import { stageId } from '../../lib/stages/stage-ids';
import { cliListing, readyAssembly } from '../support/assembly';

/** The run's shared cloud assembly (waits for the background synthesis). */
const ASSEMBLY_DIR = readyAssembly();

const STACKS = ['Network', 'Alerts', 'Data', 'Service', 'Monitoring'];
/** Staging runs the CDN (config/staging.ts cdn.enabled): two more stacks. */
const CDN_STACKS = ['Staging/CdnEdge', 'Staging/Cdn'];
const ALL = [
  ...Object.keys(environments).flatMap((env) => STACKS.map((s) => `${stageId(env)}/${s}`)),
  ...CDN_STACKS,
];

// `cdk ls`, `cdk deploy --exclusively` and `cdk destroy` run the app with bundling skipped for the
// stacks they do not touch. The canary's asset depended on bundling and `cdk ls` crashed with ENOENT.
// The test run's assembly is synthesized by the real CLI's `cdk ls` (test/global-setup.ts); CI also
// runs `cdk synth --exclusively` for every stack (.ci/operator-commands).
describe('cdk ls through the real CLI', () => {
  const listing = cliListing();

  test('exits 0 and lists all 17 stacks (five per stage, and staging’s two CDN stacks)', () => {
    expect({ code: listing.exitCode, stderr: listing.exitCode === 0 ? '' : listing.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    const listed = listing.stdout
      .split('\n')
      .filter((l) => /^[A-Z][A-Za-z]*\/[A-Za-z]+ \(/.test(l))
      .map((l) => l.split(' ')[0]);
    expect(listed.sort()).toEqual([...ALL].sort());
  });

  test('with bundling skipped, every file asset the stacks publish exists in the assembly', () => {
    let assets = 0;
    const missing: string[] = [];
    for (const dir of readdirSync(ASSEMBLY_DIR).filter((d) => d.startsWith('assembly-'))) {
      for (const file of readdirSync(join(ASSEMBLY_DIR, dir)).filter((f) => f.endsWith('.assets.json'))) {
        const manifest = JSON.parse(readFileSync(join(ASSEMBLY_DIR, dir, file), 'utf8')) as {
          files: Record<string, { source: { path: string } }>;
        };
        for (const { source } of Object.values(manifest.files)) {
          assets++;
          if (!existsSync(resolve(ASSEMBLY_DIR, dir, source.path))) missing.push(`${file}: ${source.path}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // Templates, plus the code of the Lambdas and the canary.
    expect(assets).toBeGreaterThan(15);
  });
});
