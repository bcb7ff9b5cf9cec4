// AGPL-3.0 engine: used from test/ only, never from lib/ or bin/ (test/contracts/agpl-boundary.test.ts).
import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { PolicyHandle, SimPolicy } from './policies';

/** One request to evaluate, with every policy that applies to it. */
export interface SimRequest {
  /** Principal ARN, service principal, or `anonymous`. */
  readonly principal: string;
  readonly action: string;
  readonly resourceArn: string;
  /** Account that owns the resource. */
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly identity: readonly SimPolicy[];
  readonly resource: readonly SimPolicy[];
  readonly endpoint?: readonly SimPolicy[];
  /** S3 Block Public Access (RestrictPublicBuckets) of the bucket. */
  readonly blockPublicAccess?: boolean;
}

/** A statement that decided (or helped decide) a request. */
export interface DecidingStatement {
  readonly handle: PolicyHandle;
  /** 0-based index in the document's Statement list. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
}

/** The engine's answer. */
export interface SimResult {
  readonly decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** Allow statements that matched (identity, resource, key): what grants an allowed request. */
  readonly allows: readonly DecidingStatement[];
  /** Deny statements that matched. */
  readonly denies: readonly DecidingStatement[];
  /** Why the engine denied (scp, rcp, vpce, identity, resource, pb), when it says. */
  readonly blockedBy: readonly string[];
}

interface AnalysedStatement {
  readonly policyId?: string;
  readonly statement: { index(): number; sid(): string | undefined; effect(): string };
}

/*
 * iam-simulate 0.1.173 drops every `kms:EncryptionContext:<key>` request key (it matches variable
 * keys only in the `prefix/name` form, like aws:RequestTag/<tag>), so a key policy condition on the
 * encryption context could never match. The harness renames that key, consistently in the request
 * and in every policy, to a `prefix/name` key of the same (string) type the engine keeps; condition
 * operators and values are untouched, so the decision is the one KMS would make.
 */
const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:(.+)$/i;
const renameKey = (key: string): string =>
  key.replace(ENCRYPTION_CONTEXT, 'aws:RequestTag/kms:EncryptionContext:$1');

function renameConditionKeys(document: { Version: string; Statement: Record<string, unknown>[] }) {
  return {
    ...document,
    Statement: document.Statement.map((statement) => {
      const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
      if (!condition) return statement;
      return {
        ...statement,
        Condition: Object.fromEntries(
          Object.entries(condition).map(([op, keys]) => [
            op,
            Object.fromEntries(Object.entries(keys).map(([k, v]) => [renameKey(k), v])),
          ]),
        ),
      };
    }),
  };
}

/** Runs the request through iam-simulate (strict mode) and reports which statements decided it. */
export async function simulate(request: SimRequest): Promise<SimResult> {
  const names = new Map<string, SimPolicy>();
  const named = (policies: readonly SimPolicy[] | undefined, prefix: string) =>
    (policies ?? []).map((p, i) => {
      const name = `${prefix}${i}:${p.handle.label}`;
      names.set(name, p);
      return { name, policy: renameConditionKeys(p.document) };
    });
  const identityPolicies = named(request.identity, 'identity');
  const resourcePolicies = named(request.resource, 'resource');
  const vpcEndpointPolicies = named(request.endpoint, 'endpoint');
  // A resource has one resource policy; several template resources (Lambda permissions) make up one.
  const resourcePolicy =
    resourcePolicies.length === 0
      ? undefined
      : {
          Version: '2012-10-17',
          Statement: resourcePolicies.flatMap(({ policy }) => policy.Statement),
        };
  const statementOwners = resourcePolicies.flatMap(({ name, policy }) =>
    policy.Statement.map((_s, index) => ({ name, index })),
  );
  const simulation: Simulation = {
    request: {
      principal: request.principal === 'anonymous' ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resourceArn, accountId: request.resourceAccount },
      contextVariables: Object.fromEntries(
        Object.entries(request.context).map(([k, v]) => [renameKey(k), typeof v === 'string' ? v : [...v]]),
      ),
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(vpcEndpointPolicies.length > 0 ? { vpcEndpointPolicies } : {}),
    ...(request.blockPublicAccess ? { additionalSettings: { s3: { blockPublicAccess: true } } } : {}),
  };
  const response = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (response.resultType === 'error') {
    throw new Error(
      `iam-simulate refused ${request.principal} ${request.action} on ${request.resourceArn}: ${JSON.stringify(response.errors)}`,
    );
  }
  const result = response.resultType === 'single' ? response.result : response.results[0];
  const analysis = result?.analysis;
  // A key the engine dropped would make every condition on it fail (or a Deny on it never match).
  if (result?.ignoredContextKeys?.length) {
    throw new Error(
      `iam-simulate ignored the request keys ${result.ignoredContextKeys.join(', ')} of ${request.action} on ${request.resourceArn}: the path's context must name keys the action has`,
    );
  }
  const locate = (s: AnalysedStatement): DecidingStatement => {
    const effect = s.statement.effect() === 'Deny' ? 'Deny' : 'Allow';
    const sid = s.statement.sid();
    if (s.policyId && names.has(s.policyId)) {
      return { handle: names.get(s.policyId)!.handle, index: s.statement.index() - 1, sid, effect };
    }
    // The merged resource policy: map its statement index back to the template resource.
    const owner = statementOwners[s.statement.index() - 1]!;
    return { handle: names.get(owner.name)!.handle, index: owner.index, sid, effect };
  };
  const groups = [analysis?.identityAnalysis, analysis?.resourceAnalysis, analysis?.endpointAnalysis];
  return {
    decision: response.overallResult,
    allows: groups.flatMap((g) => (g?.allowStatements ?? []) as AnalysedStatement[]).map(locate),
    denies: groups.flatMap((g) => (g?.denyStatements ?? []) as AnalysedStatement[]).map(locate),
    blockedBy: analysis?.blockedBy ?? [],
  };
}

/** How a failure message names a statement. */
export function describeStatement(s: DecidingStatement): string {
  return `${s.effect} statement ${s.sid ? `"${s.sid}"` : `#${s.index + 1}`} of ${s.handle.label}`;
}
