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
