import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { staleReason } from '../lib/stages/synth-record';
import { ASSEMBLY_DIR } from './support/assembly';

const ROOT = join(__dirname, '..');

/**
 * Synthesizes the real app once per test run, through the real CDK CLI, exactly as `npx cdk synth`
 * does: every stage under every engine. Stack, compliance, access-path and audit tests read their
 * templates and findings from this one cloud assembly. An assembly the app already synthesized
 * from the current sources is reused (the output would be identical).
 *
 * The gate refusing findings is not an error here: the compliance tests read the validation report
 * and name each finding. A synthesis that produced no assembly is.
 */
export default function globalSetup(): void {
  const why = staleReason(ASSEMBLY_DIR, ROOT);
  if (why === undefined) {
    process.stderr.write(`\nglobal setup: reusing ${ASSEMBLY_DIR} (synthesized from the current sources)\n`);
    return;
  }
  process.stderr.write(`\nglobal setup: cdk synth of every stage into ${ASSEMBLY_DIR} (${why})…\n`);
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Jest sets NODE_ENV=test, which makes aws-cdk-lib throw like a unit test; the CLI does not.
  delete env.NODE_ENV;
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/cdk'),
    ['synth', '--quiet', '--output', ASSEMBLY_DIR],
    {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const after = staleReason(ASSEMBLY_DIR, ROOT);
  if (after !== undefined) {
    throw new Error(
      `global setup: cdk synth left no usable assembly (${after}); exit ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  process.stderr.write(
    `global setup: synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s (cdk synth exit ${result.status})\n`,
  );
}
