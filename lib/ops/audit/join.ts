import { AREAS, areaOf, type ChecklistId } from '../../compliance/checklist';
import { checklistIdsOfRule, REGISTER, type RegisterEntry, registerStatus } from '../../compliance/register';
import { expiredAcknowledgements, joinAcknowledgements, wideAcknowledgements } from './acknowledgements';
import {
  AUDIT_SCHEMA_VERSION,
  type AuditFinding,
  type AuditResult,
  type ChecklistResult,
  ENGINE_NAMES,
  type EngineStageCount,
} from './model';
import type { AuditSynthesis } from './synth';
import { flattenReport } from './validation-report';

/** Checklist ids a finding concerns: those its rule realizes, in the pack specs or the stock table. */
export function checklistIdsOfFinding(ruleId: string): ChecklistId[] {
  return checklistIdsOfRule(ruleId);
}

/** Severities that fail the audit, as they fail the app's own gate (strict mode). */
export const FAILING_SEVERITIES: readonly AuditFinding['severity'][] = ['error', 'warning'];

function evidenceLines(entry: RegisterEntry): string[] {
  return entry.realizations.flatMap((r) => {
    const e = r.evidence;
    return [
      ...(e.rules ?? []).map((x) => `${r.kind}: rule ${x}`),
      ...(e.files ?? []).map((x) => `${r.kind}: file ${x}`),
      ...(e.tests ?? []).map((t) => `${r.kind}: test ${t.file}${t.name ? ` › ${t.name}` : ''}`),
      ...(e.commands ?? []).map((x) => `${r.kind}: command ${x}`),
      ...(e.docs ?? []).map((x) => `${r.kind}: doc ${x}`),
      ...(e.stacks ?? []).map((x) => `${r.kind}: stack ${x} in every stage`),
    ];
  });
}

/** Stacks an entry needs that some stage lacks, as one sentence (undefined when all present). */
function missingStacks(
  entry: RegisterEntry,
  stacksOf: ReadonlyMap<string, ReadonlySet<string>>,
): string | undefined {
  const needed = [...new Set(entry.realizations.flatMap((r) => r.evidence.stacks ?? []))];
  const gaps = needed
    .map((stack) => ({
      stack,
      stages: [...stacksOf].filter(([, s]) => !s.has(stack)).map(([stage]) => stage),
    }))
    .filter((g) => g.stages.length > 0);
  if (gaps.length === 0) return undefined;
  return gaps
    .map((g) => `the ${g.stack} stack is built and tested but not part of stage ${g.stages.join(', ')}`)
    .join('; ');
}

/** Joins one synthesis with the register and the acknowledgements into the audit result. */
export function joinAudit(options: {
  readonly synthesis: AuditSynthesis;
  readonly mode: AuditResult['mode'];
  readonly root: string;
  readonly today: Date;
  readonly template?: string;
  readonly profile?: string;
  /** Engines registered on the app (report order). @default ENGINE_NAMES */
  readonly engines?: readonly string[];
  /** Overrides the finding locations (template mode points into the template). */
  readonly locate?: (finding: AuditFinding) => AuditFinding;
  /** Findings from outside the engines (template mode: resources that could not be imported). */
  readonly extraFindings?: readonly AuditFinding[];
  /** Why parts of the input were not examined (template mode): the verdict is then not PASS. */
  readonly unexamined?: readonly string[];
  /** Inputs that could not be read at all (template mode). */
  readonly unusable?: readonly string[];
}): AuditResult {
  const { synthesis, mode } = options;
  const all = flattenReport(synthesis.report, {
    root: options.root,
    checklistIdsOf: checklistIdsOfFinding,
  })
    .map((f) => (options.locate ? options.locate(f) : f))
    .concat(options.extraFindings ?? []);
  const findings = all.filter((f) => !f.acknowledgement);
  const suppressed = all.filter((f) => f.acknowledgement);
  const nagAcknowledged: AuditFinding[] = synthesis.nagAcknowledged.map((n) => ({
    engine: n.pack,
    ruleId: n.ruleId,
    ruleName: n.ruleId,
    severity: 'error',
    description: '(acknowledged; cdk-nag does not report the text of acknowledged findings)',
    constructPath: n.constructPath,
    stage: n.constructPath.split('/')[0]!,
    checklistIds: checklistIdsOfFinding(n.ruleId),
    acknowledgement: { id: n.ruleId, at: '', reason: '' },
  }));
  const recorded = synthesis.acknowledgements;
  const acknowledgements = joinAcknowledgements({
    recorded,
    suppressed,
    nagAcknowledged: synthesis.nagAcknowledged,
  });
  // Attach the acknowledging entry (closest ancestor) to each nag finding for the reports.
  const withReasons = nagAcknowledged.map((f) => {
    let path: string | undefined = f.constructPath;
    while (path !== undefined) {
      const p = path;
      const ack = acknowledgements.find((a) => a.id === f.ruleId && a.path === p);
      if (ack) return { ...f, acknowledgement: { id: ack.id, at: ack.path, reason: ack.reason } };
      path = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    }
    return f;
  });
  const acknowledgedFindings = [...suppressed, ...withReasons];
  const wideIds = new Set(wideAcknowledgements(recorded).map((a) => `${a.id}@${a.path}`));
  const wide = acknowledgements.filter((a) => wideIds.has(`${a.id}@${a.path}`));
  const expired = expiredAcknowledgements(recorded, options.today);

  const engines = options.engines ?? ENGINE_NAMES;
  const stages = synthesis.stages;
  const counts: EngineStageCount[] = [];
  for (const engine of engines) {
    for (const stage of stages) {
      const open = findings.filter((f) => f.engine === engine && f.stage === stage);
      counts.push({
        engine,
        stage,
        errors: open.filter((f) => f.severity === 'error').length,
        warnings: open.filter((f) => f.severity === 'warning').length,
        infos: open.filter((f) => f.severity === 'info').length,
        acknowledged: acknowledgedFindings.filter((f) => f.engine === engine && f.stage === stage).length,
      });
    }
  }

  const checklist: ChecklistResult[] = REGISTER.map((entry) => {
    const evidenced = registerStatus(entry);
    const gap = mode === 'app' ? missingStacks(entry, synthesis.stacksOf) : undefined;
    const unproven =
      evidenced === 'missing' && entry.missing === undefined
        ? 'no realization has evidence that holds in the repository'
        : undefined;
    const missing = [entry.missing, unproven, gap].filter((x): x is string => x !== undefined).join('; ');
    return {
      id: entry.id,
      area: AREAS[areaOf(entry.id)],
      requirement: entry.requirement,
      status: missing ? 'missing' : evidenced,
      declaredStatus: evidenced,
      realizations: [...new Set(entry.realizations.map((r) => r.kind))],
      ...(missing ? { missing } : {}),
      evidence: evidenceLines(entry),
      openFindings: findings.filter((f) => f.checklistIds.includes(entry.id)).length,
      acknowledgedFindings: acknowledgedFindings.filter((f) => f.checklistIds.includes(entry.id)).length,
    };
  });

  const reasons: string[] = [];
  if (synthesis.synthError) reasons.push(`synthesis failed: ${synthesis.synthError.split('\n')[0]}`);
  const failing = findings.filter((f) => FAILING_SEVERITIES.includes(f.severity));
  if (failing.length > 0) {
    const errors = failing.filter((f) => f.severity === 'error').length;
    reasons.push(
      `${errors} unacknowledged error(s) and ${failing.length - errors} unacknowledged warning(s)`,
    );
  }
  for (const e of expired)
    reasons.push(`acknowledgement ${e.id} on ${e.stage}/${e.scope} expired on ${e.expires}`);
  for (const w of wide)
    reasons.push(`acknowledgement ${w.id} is attached to the ${w.attachedTo} ${w.path}: name a construct`);
  if (mode === 'app') {
    const missingIds = checklist.filter((c) => c.status === 'missing').map((c) => c.id);
    if (missingIds.length > 0)
      reasons.push(`${missingIds.length} checklist id(s) missing: ${missingIds.join(', ')}`);
  }

  for (const u of options.unusable ?? []) reasons.push(`unusable input: ${u}`);
  const failed = reasons.length > 0;
  for (const u of options.unexamined ?? []) reasons.push(u);
  const status: AuditResult['verdict']['status'] = (options.unusable ?? []).length
    ? 'unusable'
    : failed
      ? 'fail'
      : reasons.length > 0
        ? 'incomplete'
        : 'pass';

  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    mode,
    ...(options.template ? { template: options.template } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    generatedAt: options.today.toISOString(),
    stages,
    engines,
    verdict: { pass: status === 'pass', status, reasons },
    checklist,
    counts,
    findings,
    acknowledgedFindings,
    acknowledgements,
    expired,
    wide,
    ...(synthesis.synthError ? { synthError: synthesis.synthError } : {}),
  };
}
