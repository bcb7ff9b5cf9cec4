import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type App, Stack } from 'aws-cdk-lib';
import {
  type RecordedAcknowledgement,
  recordedAcknowledgements,
} from '../compliance/acknowledgements/recorded';
import { builtinValidationEnabled } from '../compliance/cloudformation-validate/cached-plugin';
import type { NagAcknowledgedFinding } from '../compliance/nag-acknowledged';

/** The file the app writes next to `manifest.json` in its cloud assembly. */
export const SYNTH_RECORD_FILE = 'shipshape-synth.json';

/** Bumped when the record's shape changes: an older record is then never "current". */
export const SYNTH_RECORD_SCHEMA = 1;

/**
 * What one synthesis of the app applied and saw, beside the templates and the validation report,
 * so that the audit and the tests can read a cloud assembly instead of synthesizing it again.
 */
export interface SynthRecord {
  readonly schema: number;
  /** {@link sourceFingerprint} of the tree that was synthesized. */
  readonly fingerprint: string;
  /** `-c env=<name>` when only one environment was synthesized. */
  readonly only?: string;
  /** Whether aws-cdk-lib's built-in CloudFormation validator ran. */
  readonly builtinValidation: boolean;
  /** Stage ids in app order, each with its stack construct ids. */
  readonly stages: readonly { readonly id: string; readonly stacks: readonly string[] }[];
  /** Every acknowledgement applied in the construct tree. */
  readonly acknowledgements: readonly RecordedAcknowledgement[];
  /** Findings cdk-nag packs dropped because an acknowledgement covered them. */
  readonly nagAcknowledged: readonly NagAcknowledgedFinding[];
}

/** The repository root: the directory holding cdk.json. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/** What a synthesis depends on: the app's code, config, Lambda sources and the locked dependencies. */
const SOURCE_DIRS = ['bin', 'lib', 'lambda', 'config'] as const;
const SOURCE_FILES = ['cdk.json', 'cdk.context.json', 'package-lock.json', 'tsconfig.json'] as const;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * A hash of every file the synthesized output depends on (paths and contents). Two trees with the
 * same fingerprint synthesize the same assembly, so an assembly stamped with the current
 * fingerprint can be reused.
 */
export function sourceFingerprint(root: string = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  const files = [
    ...SOURCE_DIRS.flatMap((d) => listFiles(join(root, d))),
    ...SOURCE_FILES.map((f) => join(root, f)).filter((f) => existsSync(f)),
  ];
  for (const file of files) {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Writes the record of `app`'s synthesis into its outdir. */
export function writeSynthRecord(
  app: App,
  options: {
    readonly nagAcknowledged: readonly NagAcknowledgedFinding[];
    readonly only?: string;
    /**
     * The sources' fingerprint taken before the app was built: a file edited while the app
     * synthesizes then makes the record stale instead of stamping old output as current.
     * @default - computed now
     */
    readonly fingerprint?: string;
  },
): SynthRecord {
  const stages = app.node.children
    .filter((c) => !Stack.isStack(c) && c.node.children.some((s) => Stack.isStack(s)))
    .map((stage) => ({
      id: stage.node.id,
      stacks: stage.node.children.filter((s) => Stack.isStack(s)).map((s) => s.node.id),
    }));
  const record: SynthRecord = {
    schema: SYNTH_RECORD_SCHEMA,
    fingerprint: options.fingerprint ?? sourceFingerprint(),
    ...(options.only === undefined ? {} : { only: options.only }),
    builtinValidation: builtinValidationEnabled(app),
    stages,
    acknowledgements: recordedAcknowledgements(app),
    nagAcknowledged: options.nagAcknowledged,
  };
  writeFileSync(join(app.outdir, SYNTH_RECORD_FILE), `${JSON.stringify(record, undefined, 1)}\n`);
  return record;
}

/** The record in `outdir`, if there is one of the current schema. */
export function readSynthRecord(outdir: string): SynthRecord | undefined {
  const file = join(outdir, SYNTH_RECORD_FILE);
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as SynthRecord;
  return record.schema === SYNTH_RECORD_SCHEMA ? record : undefined;
}

/**
 * Why the assembly in `outdir` cannot stand for a fresh synthesis of every stage under every
 * engine of the tree at `root`, or undefined when it can.
 */
export function staleReason(outdir: string, root: string = PROJECT_ROOT): string | undefined {
  const record = readSynthRecord(outdir);
  if (!record) return `${relative(root, outdir) || outdir} holds no ${SYNTH_RECORD_FILE} of this version`;
  if (record.only !== undefined) return `it holds only the ${record.only} environment`;
  if (!record.builtinValidation) return 'it was synthesized without the built-in CloudFormation validator';
  if (record.fingerprint !== sourceFingerprint(root)) return 'the sources changed since it was synthesized';
  return undefined;
}
