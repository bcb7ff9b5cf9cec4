import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { readSynthRecord, staleReason } from '../lib/stages/synth-record';
import { ASSEMBLY_DIR, CLI_LIST_FILE, type CliListRecord, recordMtimeMs } from './support/assembly';
import { bundle } from '../lib/constructs/platform/esbuild-bundle';
import { canaryBundleSpec } from '../lib/constructs/monitoring/canary';
import { LAMBDAS, lambdaBundleSpec } from '../lib/constructs/platform/lambda-code';
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

/** Whether the shared assembly is current and was listed by the CLI from the same sources. */
function current(): boolean {
  if (staleReason(ASSEMBLY_DIR, ROOT) !== undefined) return false;
  const listFile = join(ASSEMBLY_DIR, CLI_LIST_FILE);
  if (!existsSync(listFile)) return false;
  const listed = JSON.parse(readFileSync(listFile, 'utf8')) as CliListRecord;
  return (
    listed.fingerprint === readSynthRecord(ASSEMBLY_DIR)!.fingerprint &&
    listed.recordMtimeMs === recordMtimeMs(ASSEMBLY_DIR)
  );
}

/**
 * Synthesizes the real app once per test run, through the real CDK CLI: every stage under every
 * engine. Stack, compliance, access-path and audit tests read their templates and findings from
 * this one cloud assembly (test/support/assembly.ts).
 *
 * It runs `cdk ls`, not `cdk synth`: the app synthesizes the same assembly either way (templates and
 * manifests are byte-identical, because assets are bundled when constructs are made, whatever the
 * CLI selects), and `cdk ls` is the command whose bundling-skipped path broke before. Its listing is
 * kept for test/app/operator-cli.test.ts.
 *
 * The synthesis runs in the background: tests that do not read the assembly start at once, and
 * those that do wait for it (`readyAssembly()`). An assembly the app already synthesized from the
 * current sources, listed by the CLI, is reused. The gate refusing findings is not an error here:
 * the compliance tests read the validation report and name each finding.
 */
export default function globalSetup(): void {
  requireTools();
  // Every bundle once, here, before anything can ask for it: on a fresh clone the background
  // synthesis and each worker that builds a stage would otherwise all bundle the same sources at
  // once (the cache is shared, but empty until the first of them finishes).
  for (const spec of [...LAMBDAS.map(lambdaBundleSpec), canaryBundleSpec()]) bundle(spec);
  if (current()) {
    process.stderr.write(`\nglobal setup: reusing ${ASSEMBLY_DIR} (synthesized from the current sources)\n`);
    return;
  }
  mkdirSync(ASSEMBLY_DIR, { recursive: true });
  rmSync(join(ASSEMBLY_DIR, CLI_LIST_FILE), { force: true });
  process.stderr.write(`\nglobal setup: cdk ls of every stage into ${ASSEMBLY_DIR}, in the background…\n`);
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    [join(__dirname, 'support/synth-runner.ts'), ASSEMBLY_DIR, ROOT],
    { cwd: ROOT, detached: true, stdio: 'ignore', env: process.env },
  );
  child.unref();
}
