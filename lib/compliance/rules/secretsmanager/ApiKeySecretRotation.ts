import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnRotationSchedule, CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import type { CompliancePolicy } from '../../profile';
import { longestGapDays } from '../utils/rotation-schedule';
import { isApiKeySecret, resourcesInStage } from '../utils/resources';
import { isRecord, resolve } from '../utils/values';
import { refersTo } from '../utils/references';

/**
 * API-key secrets (tagged `shipshape:purpose=api-key`) have an `AWS::SecretsManager::RotationSchedule`
 * (same Stage; normally the same stack) whose `SecretId` refers to them, with a rotation function
 * (`RotationLambdaARN` or `HostedRotationLambda`) and an interval of at most `policy.maxRotationDays`
 * (`AutomaticallyAfterDays`, or a `ScheduleExpression` `rate(...)`/`cron(...)` whose longest gap fits).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource, policy: CompliancePolicy): NagRuleCompliance => {
    if (!(node instanceof CfnSecret)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!isApiKeySecret(node)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const schedule of resourcesInStage(node)) {
      if (!(schedule instanceof CfnRotationSchedule)) continue;
      if (!refersTo(schedule, schedule.secretId, node)) continue;
      if (isCompliantSchedule(schedule, policy.maxRotationDays)) return NagRuleCompliance.COMPLIANT;
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

function isCompliantSchedule(schedule: CfnRotationSchedule, maxDays: number): boolean {
  if (
    resolve(schedule, schedule.rotationLambdaArn) === undefined &&
    resolve(schedule, schedule.hostedRotationLambda) === undefined
  ) {
    return false;
  }
  const rules = resolve(schedule, schedule.rotationRules);
  if (!isRecord(rules)) return false;
  const after: unknown = NagRules.resolveIfPrimitive(schedule, rules.automaticallyAfterDays);
  if (after !== undefined) return Number(after) >= 1 && Number(after) <= maxDays;
  const expression: unknown = NagRules.resolveIfPrimitive(schedule, rules.scheduleExpression);
  if (typeof expression !== 'string') return false;
  const days = longestGapDays(expression);
  return days !== undefined && days <= maxDays;
}
