import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { CFN_GUARD, inPacks } from '../../contracts/compliance-packs';

/**
 * A construct's acknowledgement of a finding intrinsic to how it builds `handle` (one it holds),
 * so no construct path or logical id is spelled out anywhere else. The audit reads it from the
 * synthesized tree (source `construct`).
 */
export function acknowledge(handle: IConstruct, id: string, reason: string): void {
  Validations.of(handle).acknowledge({ id, reason });
}

/** {@link acknowledge} of the same rule in each of `packs` (`<pack>-<rule>`). */
export function acknowledgeInPacks(
  handle: IConstruct,
  packs: readonly string[],
  rule: string,
  reason: string,
): void {
  for (const id of inPacks(packs, rule)) acknowledge(handle, id, reason);
}

/** {@link acknowledge} of a cfn-guard rule (`cdk-validator-cfnguard::<rule>`). */
export function acknowledgeGuard(handle: IConstruct, rule: string, reason: string): void {
  acknowledge(handle, `${CFN_GUARD}${rule}`, reason);
}

/** The L1 resource of an L2 construct (where the engines report), e.g. a role's `Resource`. */
export function resourceOf(construct: IConstruct): IConstruct {
  const child = construct.node.defaultChild;
  if (child === undefined) throw new Error(`${construct.node.path}: no default child to acknowledge on`);
  return child;
}

/**
 * Why cfn-guard's lambda_inside_vpc_check cannot see that a data-stack function (app user,
 * rotators) runs in the isolated subnets.
 */
export const ISOLATED_SUBNETS_FROM_EXPORTS =
  'The function runs in the isolated subnets (asserted by the data stack tests); its subnet ids come from the network stack as exports, which this static rule cannot follow.';

/** Why cfn-guard's cloudwatch_log_group_encrypted_check cannot see a log group's key from another stack. */
export const CROSS_STACK_LOGS_KEY =
  "The log group is encrypted with the stage's logs key (KMS, rotation on), which the network stack owns; KmsKeyId is therefore a cross-stack reference (Fn::GetStackOutput), which this static rule cannot follow to the AWS::KMS::Key.";

/** Why a CDK-generated inline policy is not a managed one; `role` says whose and what it grants. */
export function inlinePolicyReason(role: string): string {
  return `CDK generates this inline policy for ${role} from the grants of this stack; it belongs to one role and is reused by nothing, which a managed policy would only obscure.`;
}

/** A role's CDK-generated inline default policy (its L1); it exists once something was granted. */
export function defaultPolicyOf(role: IConstruct): IConstruct {
  return resourceOf(role.node.findChild('DefaultPolicy'));
}
