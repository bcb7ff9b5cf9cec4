import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments } from '../../config';
import { synthesize } from '../../lib/stages/synthesize';

const root = join(__dirname, '../..');
const empty = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/** synthesize() as bin/app.ts calls it, with what it prints on stderr. */
function synth(inputs: Record<string, unknown>, only?: string) {
  const outdir = join(mkdtempSync(join(tmpdir(), 'shipshape-out-')), 'cdk.out');
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args.join(' '));
  });
  try {
    const code = synthesize({
      environments: inputs,
      ...(only === undefined ? {} : { only }),
      appProps: { outdir },
    });
    return { code, stderr: errors.join('\n'), outdir };
  } finally {
    spy.mockRestore();
  }
}

describe('the entry point refuses bad config before any construct exists', () => {
  test('a bad config exits non-zero with one message naming every field, and writes nothing', () => {
    const inputs = structuredClone(environments) as unknown as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    inputs.prod!.database!.multiAz = false;
    (inputs.dev as Record<string, unknown>).account = '42';
    const run = synth(inputs);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Shipshape config is invalid (2 problems); nothing was synthesized:');
    expect(run.stderr).toContain('dev: account: must be a 12-digit AWS account id, got "42"');
    expect(run.stderr).toContain('prod: database.multiAz: must be true in a production stage');
    expect(empty(run.outdir)).toBe(true);
  });

  test('an unknown -c env exits non-zero naming the allowed environments, and writes nothing', () => {
    const run = synth(environments, 'qa');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('-c env=qa: unknown environment; allowed: dev, staging, prod');
    expect(empty(run.outdir)).toBe(true);
  });

  test('through the real CLI: cdk synth -c env=qa exits 1 with that message (bin/app.ts passes the code on)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'shipshape-cli-out-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_ENV;
    const result = spawnSync(
      join(root, 'node_modules/.bin/cdk'),
      ['synth', '-c', 'env=qa', '--output', outdir],
      {
        cwd: root,
        env,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('-c env=qa: unknown environment; allowed: dev, staging, prod');
    expect(result.stderr).not.toMatch(/triggerUncaughtException|at .*\.ts:\d+/);
  });
});
