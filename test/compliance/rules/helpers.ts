import { App, type CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition, type CfnTaskDefinitionProps } from 'aws-cdk-lib/aws-ecs';
import { NagPack } from 'cdk-nag';
import type { Construct } from 'constructs';
import {
  PACK_NAME,
  type ProductionReadinessRuleSpec,
  ruleApplication,
} from '../../../lib/compliance/pack/rule-spec';
import { PRODUCTION_READINESS_RULES } from '../../../lib/compliance/pack/rule-specs';
import {
  type CompliancePolicy,
  type CompliancePolicyInput,
  resolveCompliancePolicy,
} from '../../../lib/compliance/profile';

export const PRODUCTION: CompliancePolicyInput = { profile: 'production' };
export const NON_PRODUCTION: CompliancePolicyInput = { profile: 'non-production' };

export interface Finding {
  readonly ruleId: string;
  readonly severity: string;
  readonly constructPath: string;
  readonly description: string;
}

/**
 * An App for rule unit tests. The built-in CloudFormation validator is off: these tests exercise our
 * rules on minimal L1 resources, not CloudFormation's schema, and the validator's engine start would
 * be most of each file's time (see docs toolchain notes). The end-to-end test keeps it on.
 */
export function newApp(): App {
  return new App({ builtinCloudFormationValidation: false });
}

/**
 * The ProductionReadiness pack cut down to one rule: the rule under test, with the messages, level
 * and id the pack gives it (`ruleApplication`, as the pack builds it). A rule test judged by it
 * cannot pass or fail because of another rule.
 */
export class OneRulePack extends NagPack {
  public override readonly name = PACK_NAME;
  private readonly policy: CompliancePolicy;

  constructor(
    private readonly rule: ProductionReadinessRuleSpec,
    policy: CompliancePolicyInput,
  ) {
    super(undefined, { verbose: true });
    this.packName = PACK_NAME;
    this.policy = resolveCompliancePolicy(policy);
  }

  protected override checkResource(node: CfnResource): void {
    this.applyRule(ruleApplication(this.rule, this.policy, node));
  }
}

/** The spec of a rule by its id (`ProductionReadiness-<Name>`); throws for an unknown id. */
export function ruleSpec(ruleId: string): ProductionReadinessRuleSpec {
  const rule = PRODUCTION_READINESS_RULES.find((r) => r.ruleId === ruleId);
  if (!rule) throw new Error(`${ruleId} is not a rule of PRODUCTION_READINESS_RULES`);
  return rule;
}

/**
 * Synthesize the app (aspects such as `Tags.of(...)` run, cross-stack references become imports, as in
 * a real synth) and judge it with the one rule `ruleId` alone ({@link OneRulePack}), through the same
 * entry point (`validateScope`) the policy-validation plugin uses. Each test file builds one App with
 * one Stack (or Stage) per case and reads the findings of every case from the result.
 */
export function runRule(app: App, ruleId: string, policy: CompliancePolicyInput = PRODUCTION): Finding[] {
  app.synth();
  const report = new OneRulePack(ruleSpec(ruleId), policy).validateScope(app);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => ({
      ruleId: v.ruleName,
      severity: v.severity ?? 'unknown',
      constructPath: r.constructPath ?? '',
      description: v.description,
    })),
  );
}

function under(finding: Finding, scopePath: string): boolean {
  return finding.constructPath === scopePath || finding.constructPath.startsWith(`${scopePath}/`);
}

const THREW = 'Rule threw an error';

/** Genuine findings (not rule crashes) of `ruleId` on resources under `scopePath`. */
export function flagged(findings: readonly Finding[], ruleId: string, scopePath: string): Finding[] {
  return findings.filter(
    (f) => f.ruleId === ruleId && under(f, scopePath) && !f.description.startsWith(THREW),
  );
}

/** Findings where the rule could not decide (e.g. a value that did not resolve to a primitive). */
export function crashed(findings: readonly Finding[], ruleId: string, scopePath: string): Finding[] {
  return findings.filter(
    (f) => f.ruleId === ruleId && under(f, scopePath) && f.description.startsWith(THREW),
  );
}

/** Everything the rule reported under `scopePath`, genuine or crash: a compliant case has none. */
export function reported(findings: readonly Finding[], ruleId: string, scopePath: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId && under(f, scopePath));
}

/** A minimal ECS task definition with the given containers (each gets a name and an image). */
export function taskDefinition(
  scope: Construct,
  containers: Partial<CfnTaskDefinition.ContainerDefinitionProperty>[],
  props: Partial<CfnTaskDefinitionProps> = {},
): CfnTaskDefinition {
  return new CfnTaskDefinition(scope, 'Task', {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    ...props,
    containerDefinitions: containers.map((c, i) => ({
      name: `c${i}`,
      image: 'public.ecr.aws/docker/library/nginx:1',
      ...c,
    })),
  });
}

/** Environment entries from a record. */
export function env(vars: Record<string, string>): CfnTaskDefinition.KeyValuePairProperty[] {
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}
