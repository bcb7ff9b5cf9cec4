import type { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { PACK_NAME, ruleApplication } from './pack/rule-spec';
import { PRODUCTION_READINESS_RULES } from './pack/rule-specs';
import { type CompliancePolicy, type CompliancePolicyInput, resolveCompliancePolicy } from './profile';

export type { CompliancePolicy, CompliancePolicyInput, ComplianceProfile } from './profile';

/** Props of {@link ProductionReadinessChecks}. */
export interface ProductionReadinessChecksProps extends NagPackProps {
  /**
   * Whether warning findings stop synthesis too. cdk-nag 3.0.2 reports `success: false` for any
   * finding, so a warning would fail `cdk synth` like an error; this pack follows the CDK's own rule
   * instead (only errors fail; warnings are shown and must be acknowledged by the whole-app compliance
   * test). Set `true` to get cdk-nag's behaviour back.
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Judge only the resources below this construct (a Stage). A cdk-nag pack otherwise walks the
   * whole app from wherever it is registered, so a per-stage profile would judge every stage.
   * @default - the whole app
   */
  readonly within?: IConstruct;
}

/**
 * Shipshape's production-readiness rules as a cdk-nag 3 pack (a policy-validation plugin):
 *
 * ```ts
 * Validations.of(app).addPlugins(new ProductionReadinessChecks(app, { profile: 'production' }));
 * ```
 *
 * Levels: under the `production` profile every finding is an error (synth fails). Under
 * `non-production`, rules marked `productionOnly` in `PRODUCTION_READINESS_RULES` report as warnings
 * (Multi-AZ, debug flags, snapshots... that a non-production config may relax); the app acknowledges
 * each with `Validations.of(construct).acknowledge({ id, reason })`, the reason naming the config
 * value. All other rules are errors in every profile. Findings carry the checklist ids in their text.
 * Only errors stop synthesis (see `failOnWarnings`).
 */
export class ProductionReadinessChecks extends NagPack {
  public override readonly name = PACK_NAME;
  public override readonly version = '1.0.0';
  // No `ruleIds`: the CDK would join them into the analytics metadata of every stack.
  public readonly policy: CompliancePolicy;
  private readonly failOnWarnings: boolean;
  private readonly within?: IConstruct;

  /**
   * @param scope the app (used only for `writeSuppressionsToCloudFormation`)
   * @param policy profile and thresholds; omitted thresholds take the defaults of `profile.ts`
   * @param props cdk-nag pack options. @default { verbose: true, failOnWarnings: false }
   */
  constructor(
    scope: IConstruct | undefined,
    policy: CompliancePolicyInput,
    props?: ProductionReadinessChecksProps,
  ) {
    super(scope, { verbose: true, ...props });
    this.packName = PACK_NAME;
    this.policy = resolveCompliancePolicy(policy);
    this.failOnWarnings = props?.failOnWarnings ?? false;
    this.within = props?.within;
  }

  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.within ? this.validateScope(this.within) : super.validate(context);
  }

  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = super.validateScope(scope);
    if (this.failOnWarnings) return report;
    return { ...report, success: report.violations.every((v) => v.severity !== 'error') };
  }

  protected override checkResource(node: CfnResource): void {
    for (const rule of PRODUCTION_READINESS_RULES) this.applyRule(ruleApplication(rule, this.policy, node));
  }
}
