import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** Runs `synthesize` in a fresh process, exactly as bin/app.ts does, with the given config edits. */
function run(script: string, outdir: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'shipshape-entry-')), 'entry.ts');
  writeFileSync(
    file,
    `import { environments } from ${JSON.stringify(join(root, 'config'))};
import { synthesize } from ${JSON.stringify(join(root, 'lib/stages/synthesize'))};
const inputs: Record<string, any> = structuredClone(environments);
${script}`,
  );
  return spawnSync(join(root, 'node_modules/.bin/tsx'), [file], {
    env: { ...process.env, CDK_OUTDIR: outdir },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const empty = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

describe('the entry point refuses bad config before any construct exists', () => {
  test('a bad config exits non-zero with one message naming every field, and writes nothing', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'shipshape-out-')), 'cdk.out');
    const result = run(
      `inputs.prod.database.multiAz = false; inputs.dev.account = '42';
process.exit(synthesize({ environments: inputs, appProps: { outdir: process.env.CDK_OUTDIR } }));`,
      outdir,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Shipshape config is invalid (2 problems); nothing was synthesized:');
    expect(result.stderr).toContain('dev: account: must be a 12-digit AWS account id, got "42"');
    expect(result.stderr).toContain('prod: database.multiAz: must be true in a production stage');
    expect(empty(outdir)).toBe(true);
  });

  test('an unknown -c env exits non-zero naming the allowed environments, and writes nothing', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'shipshape-out-')), 'cdk.out');
    const result = run(
      `process.exit(synthesize({ environments: inputs, only: 'qa', appProps: { outdir: process.env.CDK_OUTDIR } }));`,
      outdir,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('-c env=qa: unknown environment; allowed: dev, staging, prod');
    expect(empty(outdir)).toBe(true);
  });
});
