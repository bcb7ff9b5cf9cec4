import type { ChecklistId } from '../../compliance/checklist';
import type { RegisterStatus } from '../../compliance/register';

/**
 * Bumped on any incompatible change of compliance.json. Additions keep it: `verdict.status` and the
 * template-mode `inputs`, `unusable` and `skipped` were added without changing any existing field.
 */
export const AUDIT_SCHEMA_VERSION = 1;

/** Engines as the validation report names them (plugin names). */
export const ENGINE_NAMES = [
  'AwsSolutions',
  'HIPAA.Security',
  'NIST.800.53.R5',
  'PCI.DSS.321',
  'cdk-validator-cfnguard',
  'ProductionReadiness',
  'CloudFormation Validate',
  'Construct Annotations',
] as const;

/** A project source position (from the report's stack traces) or a template position. */
export interface SourceLocation {
  /** Path relative to the repository root (or the template path as given). */
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** One finding on one construct. */
export interface AuditFinding {
  readonly engine: string;
  /** Rule id as acknowledgements name it: `AwsSolutions-IAM5[...]`, `cdk-validator-cfnguard::x`. */
  readonly ruleId: string;
  /** Rule name as the engine reports it. */
  readonly ruleName: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly description: string;
  readonly fix?: string;
  readonly helpUri?: string;
  readonly constructPath: string;
  /** First segment of the construct path (the Stage id), or `(app)`. */
  readonly stage: string;
  readonly templatePath?: string;
  readonly logicalId?: string;
  readonly location?: SourceLocation;
  readonly checklistIds: readonly ChecklistId[];
  /** Set when an acknowledgement covers the finding. */
  readonly acknowledgement?: { readonly id: string; readonly at: string; readonly reason: string };
}

/** Where an acknowledgement came from. */
export type AcknowledgementSource = 'config' | 'construct';

/** One acknowledgement recorded in the construct tree. */
export interface AuditAcknowledgement {
  /** Rule id without the `Annotation::` namespace the CDK adds. */
  readonly id: string;
  readonly engine: string;
  /** Construct path it is attached to. */
  readonly path: string;
  readonly stage: string;
  readonly reason: string;
  /** `config`: from `acknowledgementsFor(config)`; `construct`: a construct acknowledges its own finding. */
  readonly source: AcknowledgementSource;
  /** What the path names: a construct, or (refused) a Stack, a Stage or the App. */
  readonly attachedTo: 'construct' | 'stack' | 'stage' | 'app';
  readonly expires?: string;
  /** How many findings it suppressed in this run (undefined when the engine cannot tell). */
  readonly matched: number;
}

/** Counts of one engine in one stage. */
export interface EngineStageCount {
  readonly engine: string;
  readonly stage: string;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly acknowledged: number;
}

/** One checklist id in the audit. */
export interface ChecklistResult {
  readonly id: ChecklistId;
  readonly area: string;
  readonly requirement: string;
  /** The status after the audit's own checks (a stack absent from a stage makes it `missing`). */
  readonly status: RegisterStatus;
  /**
   * The status the register computes from the repository's evidence, before the audit's checks (the
   * field keeps its name for readers of audit.json; nothing declares it any more).
   */
  readonly declaredStatus: RegisterStatus;
  readonly realizations: readonly string[];
  /** Why the id is missing (a gap its area file names, no evidence that holds, or found by the audit). */
  readonly missing?: string;
  readonly evidence: readonly string[];
  readonly openFindings: number;
  readonly acknowledgedFindings: number;
}

/**
 * `pass`: everything was examined and nothing fails. `fail`: a finding, a refused acknowledgement or
 * a missing checklist id. `incomplete` (template mode): nothing failed in what was examined, but
 * something was not examined (a macro, a remote nested stack, an unexpanded SAM feature). `unusable`
 * (template mode): an input could not be read at all.
 */
export type VerdictStatus = 'pass' | 'fail' | 'incomplete' | 'unusable';

/** The audit's verdict and every reason it fails. */
export interface AuditVerdict {
  readonly pass: boolean;
  readonly status: VerdictStatus;
  readonly reasons: readonly string[];
}

/** What the audit did with one template file (template mode). */
export interface TemplateInputReport {
  readonly file: string;
  /** Stage and stack it was audited in (construct paths of its findings start with these). */
  readonly stage: string;
  readonly stack: string;
  /** Set for a nested stack's template: the parent's logical id path. */
  readonly nestedIn?: string;
  /** What the preparation did (expansions, decided conditions). */
  readonly notes: readonly string[];
  /** Parameters replaced by their Default (or the parent's value). */
  readonly substituted: Readonly<Record<string, unknown>>;
  /** Values that stayed references, each with why. */
  readonly unresolved: Readonly<Record<string, string>>;
  /** Resources not examined, with why. */
  readonly unaudited: readonly { readonly logicalIds: readonly string[]; readonly reason: string }[];
}

/** An input the audit could not read. */
export interface UnusableInput {
  readonly file: string;
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
}

/** Everything the writers need. */
export interface AuditResult {
  readonly schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  readonly mode: 'app' | 'template';
  /** Template file audited (template mode). */
  readonly template?: string;
  /** Compliance profile of the template stage (template mode). */
  readonly profile?: string;
  readonly generatedAt: string;
  readonly stages: readonly string[];
  readonly engines: readonly string[];
  readonly verdict: AuditVerdict;
  readonly checklist: readonly ChecklistResult[];
  readonly counts: readonly EngineStageCount[];
  /** Unacknowledged findings. */
  readonly findings: readonly AuditFinding[];
  /** Acknowledged findings (the acknowledgement attached). */
  readonly acknowledgedFindings: readonly AuditFinding[];
  readonly acknowledgements: readonly AuditAcknowledgement[];
  readonly expired: readonly {
    readonly id: string;
    readonly scope: string;
    readonly stage: string;
    readonly expires: string;
  }[];
  readonly wide: readonly AuditAcknowledgement[];
  /** Synthesis could not complete (an exception other than the validation gate). */
  readonly synthError?: string;
  /** Template mode: each template file and what was done with it. */
  readonly inputs?: readonly TemplateInputReport[];
  /** Template mode: inputs that could not be read. */
  readonly unusable?: readonly UnusableInput[];
  /** Template mode: files skipped on purpose, with why. */
  readonly skipped?: readonly { readonly file: string; readonly why: string }[];
}
