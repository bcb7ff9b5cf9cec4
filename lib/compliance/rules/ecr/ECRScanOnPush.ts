import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { isRecord, isTrue, resolve } from '../utils/values';

/**
 * ECR repositories scan images on push (`ImageScanningConfiguration.ScanOnPush: true`). SEC-19.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnRepository)) return NagRuleCompliance.NOT_APPLICABLE;
    const scanning = resolve(node, node.imageScanningConfiguration);
    if (!isRecord(scanning)) return NagRuleCompliance.NON_COMPLIANT;
    const scanOnPush: unknown = NagRules.resolveIfPrimitive(node, scanning.scanOnPush);
    return isTrue(scanOnPush as boolean | string | undefined)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
