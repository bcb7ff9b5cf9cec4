import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, type Stage } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import {
  type RecordedAcknowledgement,
  recordedAcknowledgements,
} from '../../compliance/acknowledgements/recorded';
import { type NagAcknowledgedFinding, spyOnNagAcknowledgements } from '../../compliance/nag-acknowledged';
import {
  readSynthRecord,
  SYNTH_RECORD_FILE,
  sourceFingerprint,
  writeSynthRecord,
} from '../../stages/synth-record';
import { type RawValidationReport, readValidationReport } from './validation-report';

/** One synthesized app under audit: its cloud assembly and what the app applied. */
export interface AuditSynthesis {
  readonly outdir: string;
  /** Every acknowledgement applied in the construct tree. */
  readonly acknowledgements: readonly RecordedAcknowledgement[];
  readonly report: RawValidationReport;
  /** Findings cdk-nag packs dropped because an acknowledgement covered them. */
  readonly nagAcknowledged: readonly NagAcknowledgedFinding[];
  /** Stage ids, in app order. */
  readonly stages: readonly string[];
  /** Stack construct ids below each stage. */
  readonly stacksOf: ReadonlyMap<string, ReadonlySet<string>>;
  /** Set when building or synthesizing threw something other than the validation gate. */
  readonly synthError?: string;
  /** Wall time of build + synth, in milliseconds. */
  readonly millis: number;
}

/** Feature flags and settings of the project's cdk.json (what the CDK CLI would hand the app). */
export function cdkJsonContext(root: string): Record<string, unknown> {
  const file = join(root, 'cdk.json');
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/**
 * Builds an app with `build`, synthesizes it into `outdir` with every registered engine, and reads
 * the validation report. The gate's failure is expected (it is what the audit reports): the app runs
 * in "inmemory" mode so the CDK throws instead of printing the whole report, and the throw is
 * swallowed once the report exists.
 */
export function synthesizeForAudit(options: {
  readonly outdir: string;
  readonly context: Record<string, unknown>;
  readonly postCliContext?: Record<string, unknown>;
  /** Adds stages and engines; returns the stages. */
  readonly build: (app: App) => readonly Stage[];
  /** Run aws-cdk-lib's built-in CloudFormation validator. @default true */
  readonly builtinValidation?: boolean;
  /**
   * Stamp the assembly with the app's synth record (what `cdk synth` writes), so a later audit or
   * test run can reuse it. Only for the app itself, never for a template under audit.
   * @default false
   */
  readonly record?: { readonly only?: string };
}): AuditSynthesis {
  const started = Date.now();
  const spy = spyOnNagAcknowledgements();
  const fingerprint = options.record ? sourceFingerprint() : undefined;
  const app = new App({
    outdir: options.outdir,
    context: { ...options.context, [CDK_APP_MODE_CONTEXT]: 'inmemory' },
    postCliContext: options.postCliContext ?? {},
    builtinCloudFormationValidation: options.builtinValidation ?? true,
  });
  let stages: readonly Stage[] = [];
  let synthError: string | undefined;
  const report = join(options.outdir, 'validation-report.json');
  try {
    stages = options.build(app);
    if (existsSync(report)) rmSync(report);
    try {
      app.synth();
    } catch (error) {
      // Validation is the last step of synthesis: a throw after the report was written is the
      // gate refusing findings, which is what the audit reports. Anything else is a failure.
      if (!existsSync(report)) throw error;
    }
    if (options.record)
      writeSynthRecord(app, { fingerprint, nagAcknowledged: spy.findings, ...options.record });
  } catch (error) {
    synthError = error instanceof Error ? error.message : String(error);
  } finally {
    spy.restore();
  }
  const stacksOf = new Map<string, Set<string>>();
  for (const stage of stages) {
    stacksOf.set(
      stage.node.id,
      new Set(stage.node.children.filter((c) => Stack.isStack(c)).map((c) => c.node.id)),
    );
  }
  return {
    outdir: options.outdir,
    acknowledgements: recordedAcknowledgements(app),
    report: readValidationReport(options.outdir),
    nagAcknowledged: spy.findings,
    stages: stages.map((s) => s.node.id),
    stacksOf,
    ...(synthError === undefined ? {} : { synthError }),
    millis: Date.now() - started,
  };
}

/**
 * Reads a cloud assembly the app synthesized (`cdk synth`, or the test run's shared synth) for the
 * audit: the validation report, and the app's own record of what it applied. Nothing is synthesized.
 */
export function readAssemblyForAudit(outdir: string): AuditSynthesis {
  const record = readSynthRecord(outdir);
  if (!record)
    throw new Error(`${outdir}: no ${SYNTH_RECORD_FILE}; synthesize it with the app (npx cdk synth)`);
  return {
    outdir,
    acknowledgements: record.acknowledgements,
    report: readValidationReport(outdir),
    nagAcknowledged: record.nagAcknowledged,
    stages: record.stages.map((s) => s.id),
    stacksOf: new Map(record.stages.map((s) => [s.id, new Set(s.stacks)])),
    millis: 0,
  };
}
