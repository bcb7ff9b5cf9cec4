/**
 * Types of the production-readiness register: every checklist id with its requirement, how the
 * project realizes it and the evidence a reviewer (and `test/compliance/register.test.ts`) can
 * check. Data in code so that the audit, the generated docs/security.md and the tests read one list.
 *
 * Two sources make an entry: the rules that realize an id come from the pack specs and the stock-rule
 * table (lib/compliance/pack/), everything else (constructs, tests, commands, documents) from the
 * area files (./areas/). The status is computed from that evidence (./status.ts), never declared.
 */
import type { ChecklistId } from '../checklist';

/** How an item is realized (see the checklist's legend). */
export type RealizationKind = 'rule' | 'infra' | 'tool' | 'runbook' | 'app';

/** Realization kinds an area file declares: a `rule` realization is derived from the rule tables. */
export type DeclaredKind = Exclude<RealizationKind, 'rule'>;

/** A test file, optionally narrowed to the tests whose name contains `name`. */
export interface TestRef {
  /** Path from the repository root, e.g. `test/stacks/data-stack.test.ts`. */
  readonly file: string;
  /** A substring of a `describe`/`test` name in that file. @default - the whole file */
  readonly name?: string;
}

/** What shows that a realization exists. Every path is relative to the repository root. */
export interface Evidence {
  /**
   * Rule ids that fail synthesis when the item breaks: `ProductionReadiness-<Rule>`, a stock cdk-nag
   * id (`AwsSolutions-RDS2`, `HIPAA.Security-…`) or `cdk-validator-cfnguard::<rule>`. Only in the
   * derived `rule` realization.
   */
  readonly rules?: readonly string[];
  /** Construct, stack, Lambda or command source files that build or do it. */
  readonly files?: readonly string[];
  /** Tests that prove it. */
  readonly tests?: readonly TestRef[];
  /** Commands, as `npm run <script>` or `npm test`. */
  readonly commands?: readonly string[];
  /** Documents, `docs/<file>.md` with an optional `#anchor` (GitHub heading slug). */
  readonly docs?: readonly string[];
  /**
   * Stacks (construct ids below each stage, e.g. `Service`) that must be part of every synthesized
   * stage for the infrastructure to be deployed. The audit marks the item `missing` when a stage
   * lacks one: a construct that is built and tested but not wired into the app protects nothing.
   */
  readonly stacks?: readonly string[];
}

/** What an area file may cite: everything but rules. */
export type DeclaredEvidence = Omit<Evidence, 'rules'>;

/** One way the project realizes an item. */
export interface Realization {
  readonly kind: RealizationKind;
  readonly evidence: Evidence;
  /** One line on what this realization covers, when it covers part of the item. */
  readonly covers?: string;
}

/** A realization an area file declares (infra, tool, runbook or app), with its evidence. */
export interface DeclaredRealization extends Realization {
  readonly kind: DeclaredKind;
  readonly evidence: DeclaredEvidence;
}

/** One checklist item as its area file declares it. */
export interface DeclaredEntry {
  readonly id: ChecklistId;
  /** The requirement, condensed from the seeds. */
  readonly requirement: string;
  /** The realization the checklist suggests (strongest expected). */
  readonly suggested: readonly RealizationKind[];
  /** What exists now, besides the synth-time rules. */
  readonly realizations: readonly DeclaredRealization[];
  /**
   * Set when a part of the item is not built yet (or is weaker than suggested without a reason):
   * what is missing. The item's status is then `missing` whatever else exists.
   */
  readonly missing?: string;
  /** Why a realization weaker than the suggested one is enough. */
  readonly weakerBecause?: string;
}

/** One checklist item of the register: the declared evidence, and the rules that realize it first. */
export interface RegisterEntry extends Omit<DeclaredEntry, 'realizations'> {
  /** The derived `rule` realization (when a rule realizes the id), then the declared ones. */
  readonly realizations: readonly Realization[];
}

/**
 * Status of an item, from the evidence that exists: the strongest realization whose evidence holds
 * (`enforced` for a rule with a test that makes it fire, `built`, `tool`, `runbook`, `app`);
 * `missing` when the area file names a gap or no realization holds.
 */
export type RegisterStatus = 'missing' | 'enforced' | 'built' | 'tool' | 'runbook' | 'app';

/** The status each kind of realization gives when its evidence holds. */
export const STATUS_OF: Readonly<Record<RealizationKind, Exclude<RegisterStatus, 'missing'>>> = {
  rule: 'enforced',
  infra: 'built',
  tool: 'tool',
  runbook: 'runbook',
  app: 'app',
};

/** Realization kinds from strongest to weakest. */
export const KIND_ORDER: readonly RealizationKind[] = ['rule', 'infra', 'tool', 'runbook', 'app'];
