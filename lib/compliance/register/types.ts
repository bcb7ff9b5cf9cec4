import type { ChecklistId } from '../checklist';

/**
 * Types of the production-readiness register: every checklist id with its requirement, how the
 * project realizes it and the evidence a reviewer (and `test/compliance/register.test.ts`) can
 * check. Data in code so that the audit, the generated docs/security.md and the tests read one list.
 */

/** How an item is realized (see the checklist's legend). */
export type RealizationKind = 'rule' | 'infra' | 'tool' | 'runbook' | 'app';

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
   * id (`AwsSolutions-RDS2`, `HIPAA.Security-…`) or `cdk-validator-cfnguard::<rule>`.
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

/** One way the project realizes an item. */
export interface Realization {
  readonly kind: RealizationKind;
  readonly evidence: Evidence;
  /** One line on what this realization covers, when it covers part of the item. */
  readonly covers?: string;
}

/** One checklist item. */
export interface RegisterEntry {
  readonly id: ChecklistId;
  /** The requirement, condensed from the seeds. */
  readonly requirement: string;
  /** The realization the checklist suggests (strongest expected). */
  readonly suggested: readonly RealizationKind[];
  /** What exists now. */
  readonly realizations: readonly Realization[];
  /**
   * Set when a part of the item is not built yet (or is weaker than suggested without a reason):
   * what is missing. The item's status is then `missing` whatever else exists.
   */
  readonly missing?: string;
  /** Why a realization weaker than the suggested one is enough. */
  readonly weakerBecause?: string;
}

/** Status of an item, strongest realization first; `missing` wins over everything. */
export type RegisterStatus = 'missing' | 'enforced' | 'built' | 'tool' | 'runbook' | 'app';

const STATUS_OF: Record<RealizationKind, Exclude<RegisterStatus, 'missing'>> = {
  rule: 'enforced',
  infra: 'built',
  tool: 'tool',
  runbook: 'runbook',
  app: 'app',
};

/** Realization kinds from strongest to weakest. */
export const KIND_ORDER: readonly RealizationKind[] = ['rule', 'infra', 'tool', 'runbook', 'app'];

/** The status the register itself declares (the audit may downgrade it to `missing`). */
export function declaredStatus(entry: RegisterEntry): RegisterStatus {
  if (entry.missing !== undefined || entry.realizations.length === 0) return 'missing';
  const kinds = new Set(entry.realizations.map((r) => r.kind));
  const strongest = KIND_ORDER.find((k) => kinds.has(k))!;
  return STATUS_OF[strongest];
}
