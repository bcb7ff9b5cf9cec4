import { isAbsolute, relative } from 'node:path';
import type { AuditResult, VerdictStatus } from '../../lib/ops/audit/model';
import { FAILING_SEVERITIES } from '../../lib/ops/audit/join';

/** A corpus template's sidecar `<name>.expected.json`. */
export interface CorpusExpectation {
  readonly verdict: VerdictStatus;
  /** Rules asserted exactly besides every ProductionReadiness-* and TemplateImport-* rule. */
  readonly alsoRules?: readonly string[];
  /** The findings of those rules on this template (file: a nested template, relative to the corpus). */
  readonly findings: readonly { readonly rule: string; readonly logicalId: string; readonly file?: string }[];
  /** Logical ids (as written) reported not audited. */
  readonly unaudited?: readonly string[];
  readonly substituted?: Readonly<Record<string, unknown>>;
  readonly unresolved?: readonly string[];
  readonly unusable?: { readonly line: number; readonly column: number };
}

/** Rule id without the cdk-nag finding suffix (`AwsSolutions-IAM4[Policy::...]` -> `AwsSolutions-IAM4`). */
export function baseRule(ruleId: string): string {
  return ruleId.replace(/\[.*\]$/, '');
}

/** Whether a rule's findings on a template are asserted exactly. */
export function relevantRule(rule: string, expected: CorpusExpectation): boolean {
  return (
    rule.startsWith('ProductionReadiness-') ||
    rule.startsWith('TemplateImport-') ||
    (expected.alsoRules ?? []).includes(rule)
  );
}

/** The stage a corpus file was audited in (its own, nested templates included). */
function stageOf(result: AuditResult, file: string): string | undefined {
  return result.inputs?.find((i) => i.file === file && !i.nestedIn)?.stage;
}

/** Findings of one corpus file's stage: rule (base id), logical id, file relative to the corpus. */
export function observedFindings(
  result: AuditResult,
  corpus: string,
  file: string,
): { rule: string; logicalId: string; file: string }[] {
  const stage = stageOf(result, file);
  if (stage === undefined) return [];
  return result.findings
    .filter((f) => f.stage === stage)
    .map((f) => {
      const at = f.location?.file ?? file;
      return {
        rule: baseRule(f.ruleId),
        logicalId: f.logicalId ?? f.constructPath,
        file: isAbsolute(at) ? relative(corpus, at) : at,
      };
    });
}

/** The verdict one corpus file would get on its own: the run's verdict rules, applied to its stage. */
export function corpusVerdict(result: AuditResult, file: string): VerdictStatus {
  if (result.unusable?.some((u) => u.file === file)) return 'unusable';
  const stage = stageOf(result, file);
  const failing = result.findings.some((f) => f.stage === stage && FAILING_SEVERITIES.includes(f.severity));
  if (failing) return 'fail';
  const unaudited = result.inputs?.some((i) => i.stage === stage && i.unaudited.length > 0);
  return unaudited ? 'incomplete' : 'pass';
}
