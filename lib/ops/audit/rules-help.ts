import { PRODUCTION_READINESS_RULES } from '../../compliance/pack/rule-specs';
import type { AuditFinding } from './model';

/** What a report says about a rule: a short description and how to comply. */
export interface RuleHelp {
  readonly id: string;
  readonly engine: string;
  readonly short: string;
  readonly help: string;
  readonly helpUri?: string;
}

const PACK = new Map(PRODUCTION_READINESS_RULES.map((r) => [r.ruleId, r]));

/** Help of a rule from its pack definition (ProductionReadiness) or from the engine's own text. */
export function ruleHelp(finding: AuditFinding): RuleHelp {
  const spec = PACK.get(finding.ruleId);
  if (spec) {
    return {
      id: finding.ruleId,
      engine: finding.engine,
      short: spec.info,
      help: `${spec.explanation} Checklist: ${spec.checklistIds.join(', ')}.`,
    };
  }
  const first = finding.description.split(/(?<=\.)\s/)[0] ?? finding.description;
  return {
    id: finding.ruleId,
    engine: finding.engine,
    short: first,
    help: [finding.description, finding.fix ? `Fix: ${finding.fix}` : undefined].filter(Boolean).join(' '),
    ...(finding.helpUri ? { helpUri: finding.helpUri } : {}),
  };
}

/** One help entry per rule id, first finding wins, sorted by id. */
export function rulesOf(findings: readonly AuditFinding[]): RuleHelp[] {
  const byId = new Map<string, RuleHelp>();
  for (const f of findings) if (!byId.has(f.ruleId)) byId.set(f.ruleId, ruleHelp(f));
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
