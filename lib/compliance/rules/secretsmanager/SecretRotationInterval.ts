import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnRotationSchedule } from 'aws-cdk-lib/aws-secretsmanager';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import type { CompliancePolicy } from '../../profile';
import { isRecord, resolve } from '../utils/values';
import { longestGapDays } from '../utils/rotation-schedule';

/**
 * Every rotation schedule rotates within `policy.maxRotationDays` (`AutomaticallyAfterDays`, or a
 * `rate(...)`/`cron(...)` `ScheduleExpression` whose longest gap fits): database, cache and API-key
 * credentials alike. A schedule whose interval cannot be bounded fails. SEC-03, DB-06.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource, policy: CompliancePolicy): NagRuleCompliance => {
    if (!(node instanceof CfnRotationSchedule)) return NagRuleCompliance.NOT_APPLICABLE;
    const rules = resolve(node, node.rotationRules);
    if (!isRecord(rules)) return NagRuleCompliance.NON_COMPLIANT;
    const after: unknown = NagRules.resolveIfPrimitive(node, rules.automaticallyAfterDays);
    if (after !== undefined) {
      return Number(after) >= 1 && Number(after) <= policy.maxRotationDays
        ? NagRuleCompliance.COMPLIANT
        : NagRuleCompliance.NON_COMPLIANT;
    }
    const expression: unknown = NagRules.resolveIfPrimitive(node, rules.scheduleExpression);
    const days = typeof expression === 'string' ? longestGapDays(expression) : undefined;
    return days !== undefined && days <= policy.maxRotationDays
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
