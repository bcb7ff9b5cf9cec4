import type { CfnResource } from 'aws-cdk-lib';
import type { NagRuleResult } from 'cdk-nag';
import type { CompliancePolicy } from '../../profile';

/** Signature of every ProductionReadiness rule; rules that need no policy simply omit the parameter. */
export type ProductionReadinessRule = (node: CfnResource, policy: CompliancePolicy) => NagRuleResult;
