import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { readSynthRecord, staleReason } from '../lib/stages/synth-record';
import { ASSEMBLY_DIR, CLI_LIST_FILE, type CliListRecord } from './support/assembly';
import { findPostgresBinDir } from './support/postgres-server';

const ROOT = join(__dirname, '..');

/** Servers and tools the tests start or call, by Debian package. */
const TOOLS: readonly { readonly pkg: string; readonly present: () => boolean }[] = [
  { pkg: 'postgresql', present: () => hasPostgres() },
  { pkg: 'redis-server', present: () => onPath('redis-server') },
  { pkg: 'openssl', present: () => onPath('openssl') },
  { pkg: 'graphviz', present: () => onPath('dot') },
];

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

function hasPostgres(): boolean {
  try {
    findPostgresBinDir();
    return true;
  } catch {
    return false;
  }
}

/**
 * The suite never skips a test for a missing server: it stops here, before any test, with one line
 * naming what is missing and how to get it.
 */
function requireTools(): void {
  const missing = TOOLS.filter((t) => !t.present()).map((t) => t.pkg);
  if (missing.length > 0) {
    throw new Error(
      `the tests need ${missing.join(', ')} (Debian packages): run \`bash .ci/test\` (installs them, then runs the tests) or \`apt-get install -y ${missing.join(' ')}\``,
    );
  }
}

/**
 * Synthesizes the real app once per test run, through the real CDK CLI: every stage under every
 * engine. Stack, compliance, access-path and audit tests read their templates and findings from
 * this one cloud assembly.
 *
 * It runs `cdk ls`, not `cdk synth`: the app synthesizes the same assembly either way (templates and
 * manifests are byte-identical, because assets are bundled when constructs are made, whatever the
 * CLI selects), and `cdk ls` is the command whose bundling-skipped path broke before. Its listing is
 * kept for test/app/operator-cli.test.ts. An assembly the app already synthesized from the current
 * sources, listed by the CLI, is reused.
 *
 * The gate refusing findings is not an error here: the compliance tests read the validation report
 * and name each finding. A run that produced no assembly is.
 */
export default function globalSetup(): void {
  requireTools();
  const listFile = join(ASSEMBLY_DIR, CLI_LIST_FILE);
  const why = staleReason(ASSEMBLY_DIR, ROOT);
  if (why === undefined && existsSync(listFile)) {
    const listed = JSON.parse(readFileSync(listFile, 'utf8')) as CliListRecord;
    if (listed.fingerprint === readSynthRecord(ASSEMBLY_DIR)!.fingerprint) {
      process.stderr.write(
        `\nglobal setup: reusing ${ASSEMBLY_DIR} (synthesized from the current sources)\n`,
      );
      return;
    }
  }
  process.stderr.write(
    `\nglobal setup: cdk ls of every stage into ${ASSEMBLY_DIR} (${why ?? 'not listed yet'})…\n`,
  );
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Jest sets NODE_ENV=test, which makes aws-cdk-lib throw like a unit test; the CLI does not.
  delete env.NODE_ENV;
  const result = spawnSync(join(ROOT, 'node_modules/.bin/cdk'), ['ls', '--output', ASSEMBLY_DIR], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const after = staleReason(ASSEMBLY_DIR, ROOT);
  if (after !== undefined) {
    throw new Error(
      `global setup: cdk ls left no usable assembly (${after}); exit ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  const record: CliListRecord = {
    fingerprint: readSynthRecord(ASSEMBLY_DIR)!.fingerprint,
    exitCode: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
  writeFileSync(listFile, `${JSON.stringify(record, undefined, 1)}\n`);
  process.stderr.write(
    `global setup: synthesized in ${((Date.now() - started) / 1000).toFixed(1)} s (cdk ls exit ${result.status})\n`,
  );
}
