import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { type CloudFormationStackArtifact, CloudAssembly } from 'aws-cdk-lib/cx-api';
import { SYNTH_RECORD_FILE } from '../../lib/stages/synth-record';
import { stageId } from '../../lib/stages/stage-ids';

/**
 * The cloud assembly every test reads: the real app, every stage under every engine, synthesized
 * once per test run through the CDK CLI by test/global-setup.ts (or reused when it was synthesized
 * from the current sources). Tests that must change the app build their own, one stage only.
 */
export const ASSEMBLY_DIR = process.env.SHIPSHAPE_TEST_ASSEMBLY ?? join(__dirname, '..', '..', 'cdk.out');

/** Where test/global-setup.ts keeps what `cdk ls` printed when it synthesized the assembly. */
export const CLI_LIST_FILE = 'shipshape-test-cdk-ls.json';

/** The real CLI's `cdk ls` run that synthesized the shared assembly. */
export interface CliListRecord {
  /** Source fingerprint of the assembly it synthesized. */
  readonly fingerprint: string;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the run. */
  readonly seconds?: number;
  /**
   * Modification time of the synth record this run left. Another synthesis into the same directory
   * (`npm run audit` on stale sources, a plain `cdk synth`) rewrites the record: the assembly is then
   * no longer the one this run listed, even with the same fingerprint.
   */
  readonly recordMtimeMs?: number;
}

/** Modification time of the synth record in `outdir` (undefined without one). */
export function recordMtimeMs(outdir: string): number | undefined {
  const file = join(outdir, SYNTH_RECORD_FILE);
  return existsSync(file) ? statSync(file).mtimeMs : undefined;
}

/** How long a test waits for the background synthesis (a cold one takes about 20 s on 2 cores). */
const READY_TIMEOUT_MS = 10 * 60_000;

/**
 * The shared assembly's directory, once the run's synthesis has finished (test/global-setup.ts
 * starts it in the background). Blocks the calling test file until then; throws with the CLI's
 * output when the synthesis produced no assembly.
 */
export function readyAssembly(): string {
  const done = join(ASSEMBLY_DIR, CLI_LIST_FILE);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(done)) {
    if (Date.now() > deadline) throw new Error(`no shared assembly in ${ASSEMBLY_DIR} after 10 minutes`);
    Atomics.wait(sleeper, 0, 0, 100);
  }
  const record = JSON.parse(readFileSync(done, 'utf8')) as CliListRecord;
  if (record.fingerprint === '') {
    throw new Error(`cdk ls left no assembly (exit ${record.exitCode}):\n${record.stdout}\n${record.stderr}`);
  }
  return ASSEMBLY_DIR;
}

/** What `cdk ls` printed when it synthesized the shared assembly. */
export function cliListing(): CliListRecord {
  return JSON.parse(readFileSync(join(readyAssembly(), CLI_LIST_FILE), 'utf8')) as CliListRecord;
}

let assembly: CloudAssembly | undefined;

/** The shared cloud assembly (read once per test file). */
export function sharedAssembly(): CloudAssembly {
  assembly ??= new CloudAssembly(readyAssembly());
  return assembly;
}

/** The stack artifact of `stack` ("Network", "Data", ...) in an environment ("prod") or stage ("Prod"). */
export function stackArtifact(environment: string, stack: string): CloudFormationStackArtifact {
  const stage = stageId(environment);
  const nested = sharedAssembly().getNestedAssembly(`assembly-${stage}`);
  const artifact = nested.stacks.find((s) => s.hierarchicalId === `${stage}/${stack}`);
  if (!artifact) {
    throw new Error(
      `no stack ${stage}/${stack} in ${ASSEMBLY_DIR}; stacks: ${nested.stacks.map((s) => s.hierarchicalId).join(', ')}`,
    );
  }
  return artifact;
}

/** Every stack artifact of an environment, in manifest order. */
export function stageArtifacts(environment: string): CloudFormationStackArtifact[] {
  return sharedAssembly().getNestedAssembly(`assembly-${stageId(environment)}`).stacks;
}

/** A stack's template for fine-grained assertions (read from the assembly: no synth, no validator). */
export function sharedTemplate(environment: string, stack: string): Template {
  return Template.fromJSON(stackArtifact(environment, stack).template);
}

/** The shared assembly seen the way the stack tests use it. */
export const shared = {
  template: sharedTemplate,
  artifact: stackArtifact,
  /** Construct ids of the stacks an environment's stack depends on (from the manifest). */
  dependencies(environment: string, stack: string): string[] {
    const stage = stageId(environment);
    const stacks = stageArtifacts(environment);
    return stackArtifact(environment, stack)
      .dependencies.map((d) => stacks.find((s) => s.id === d.id))
      .filter((s): s is CloudFormationStackArtifact => s !== undefined)
      .map((s) => s.hierarchicalId.slice(stage.length + 1));
  },
};
