import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnSubscription, CfnTopic } from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { asArray, isFalse, resolve } from '../utils/values';
import { referencedResources, refersTo } from '../utils/references';
import { resourcesInStage } from '../utils/resources';

function hasSubscription(topic: CfnTopic): boolean {
  if (asArray(resolve(topic, topic.subscription)).length > 0) return true;
  return resourcesInStage(topic).some((r) => r instanceof CfnSubscription && refersTo(r, r.topicArn, topic));
}

/**
 * Every alarm notifies someone: actions are enabled and `AlarmActions` refers to an SNS topic of the
 * Stage (same stack or a CDK cross-stack reference) that has at least one subscription (inline
 * `Subscription` or an `AWS::SNS::Subscription`). A literal topic ARN cannot be verified and fails.
 * Stricter than the stock CloudWatchAlarmAction (any action at all). MON-06.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnAlarm)) return NagRuleCompliance.NOT_APPLICABLE;
    if (isFalse(resolve(node, node.actionsEnabled))) return NagRuleCompliance.NON_COMPLIANT;
    const topics = referencedResources(node, node.alarmActions).filter(
      (r): r is CfnTopic => r instanceof CfnTopic,
    );
    return topics.some(hasSubscription) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
