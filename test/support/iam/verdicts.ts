import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessPath, Feature } from '../../../lib/contracts/access-path';
import type { ShipshapeConfig } from '../../../lib/config';
import type { StageModel } from '../cfn/stage-model';
import { type AccessRequest, expandPath } from './access-requests';
import { type PolicyHandle, withoutStatement } from './policies';
import { describeStatement, type SimResult, simulate } from './simulate';

/** Whether a stage has the feature a path requires. */
export function hasFeature(config: ShipshapeConfig, feature: Feature | undefined): boolean {
  switch (feature) {
    case undefined:
      return true;
    case 'webhooks':
      return config.alerts.webhooks.length > 0;
    case 'ecrImage':
      return config.service.image.source === 'ecr';
    case 'efs':
      return config.service.efs.enabled;
  }
}

/** The verdict on one request. */
export interface RequestVerdict {
  readonly request: AccessRequest;
  readonly result: SimResult;
  readonly ok: boolean;
  /** One line: caller, action, resource, decision and the deciding statement(s) or the missing allow. */
  readonly line: string;
}

/** A path's verdicts in one stage. */
export interface PathVerdict {
  readonly path: AccessPath;
  readonly requests: readonly RequestVerdict[];
  readonly wiringProblems: readonly string[];
}

const isTemplateStatement = (h: PolicyHandle) =>
  h.property === 'lambda-permission' ||
  !['(outside the stage)', 'ManagedPolicyArns'].includes(String(h.property[0]));

/** Explains a decision: the statements that decided it, or which policies held no allow. */
export function explain(request: AccessRequest, result: SimResult): string {
  const head = `${request.caller} ${request.action} on ${request.target}${request.source ? ` (source ${request.source})` : ''}: ${result.decision}`;
  if (result.decision === 'Allowed') {
    return `${head} by ${result.allows.map(describeStatement).join(' + ')}`;
  }
  if (result.denies.length > 0) return `${head} by ${result.denies.map(describeStatement).join(' + ')}`;
  const identity = request.sim.identity.map((p) => p.handle.label);
  const resource = request.sim.resource.map((p) => p.handle.label);
  const allowsSeen = result.allows.map(describeStatement);
  return (
    `${head}: no statement allows it` +
    ` (identity policies: ${identity.length ? identity.join(', ') : 'none'};` +
    ` resource policy: ${resource.length ? resource.join(', ') : 'none'}` +
    `${allowsSeen.length ? `; allowing alone, not enough: ${allowsSeen.join(' + ')}` : ''}` +
    `${result.blockedBy.length ? `; blocked by ${result.blockedBy.join(', ')}` : ''})`
  );
}

/** Evaluates every request of a path in a stage. */
export async function evaluatePath(model: StageModel, path: AccessPath): Promise<PathVerdict> {
  const { requests, wiringProblems } = expandPath(model, path);
  const verdicts: RequestVerdict[] = [];
  for (const request of requests) {
    const result = await simulate(request.sim);
    const ok = path.expect === 'allow' ? result.decision === 'Allowed' : result.decision !== 'Allowed';
    verdicts.push({ request, result, ok, line: explain(request, result) });
  }
  return {
    path,
    requests: verdicts,
    wiringProblems:
      requests.length === 0 ? [...wiringProblems, `${path.id} expands to no request`] : wiringProblems,
  };
}

/** The outcome of a negative control. */
export interface ControlOutcome {
  /** The statements removed from the copy of the templates. */
  readonly removed: readonly string[];
  /** The decision on the same request over the copy. */
  readonly decision: SimResult['decision'] | 'not evaluated';
  readonly line: string;
}

/**
 * Negative control of an allowed request: a copy of the stage's templates without every statement
 * that granted it (identity, resource and key policy allows that matched), the same request again.
 * It must be denied, or the evaluation could not have failed.
 */
export async function negativeControl(model: StageModel, verdict: RequestVerdict): Promise<ControlOutcome> {
  const granting = verdict.result.allows.filter((s) => isTemplateStatement(s.handle));
  let copy = model;
  // Per holder, highest index first, so earlier removals do not shift later ones.
  const key = (h: PolicyHandle) => `${h.holder.stack}/${h.holder.logicalId}/${String(h.property)}`;
  const ordered = [...granting].sort(
    (a, b) => key(a.handle).localeCompare(key(b.handle)) || b.index - a.index,
  );
  for (const statement of ordered) copy = withoutStatement(copy, statement.handle, statement.index);
  const caller = verdict.request.path.caller;
  if (verdict.request.path.grantedBy && 'role' in caller) {
    // The grant is the attachment of an AWS managed policy: the copy's role attaches none.
    const role = copy.select(caller.role).find((r) => r.type === 'AWS::IAM::Role')!;
    copy = copy.withChangedProps(role, (props) => {
      delete props.ManagedPolicyArns;
    });
  }
  const again = expandPath(copy, verdict.request.path);
  const same = again.requests.find(
    (r) =>
      r.action === verdict.request.action &&
      r.target === verdict.request.target &&
      r.source === verdict.request.source,
  );
  const removed = granting.map(describeStatement);
  if (verdict.request.path.grantedBy)
    removed.push(`the attachment of ${verdict.request.path.grantedBy.awsManagedPolicy}`);
  if (!same) return { removed, decision: 'not evaluated', line: 'the request no longer exists in the copy' };
  if (verdict.request.path.grantedBy && again.wiringProblems.length > 0) {
    return { removed, decision: 'ImplicitlyDenied', line: again.wiringProblems.join('; ') };
  }
  const result = await simulate(same.sim);
  return { removed, decision: result.decision, line: explain(same, result) };
}

/** Writes a stage's verdicts where the audit reports go (reports/ is not committed). */
export function writeVerdicts(root: string, environment: string, verdicts: readonly PathVerdict[]): void {
  const dir = join(root, 'reports', 'access-paths');
  mkdirSync(dir, { recursive: true });
  const rows = verdicts.map((v) => ({
    id: v.path.id,
    expect: v.path.expect,
    ok: v.wiringProblems.length === 0 && v.requests.every((r) => r.ok),
    requests: v.requests.length,
    decisions: [...new Set(v.requests.map((r) => r.result.decision))],
    problems: [...v.wiringProblems, ...v.requests.filter((r) => !r.ok).map((r) => r.line)],
  }));
  writeFileSync(join(dir, `${environment}.json`), `${JSON.stringify(rows, undefined, 1)}\n`);
}
