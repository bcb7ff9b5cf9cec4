import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { RATE_LIMIT_RESPONSE } from '../../contracts/rate-limit-response';

/** Key of the JSON body the rate-based rule answers with. */
export const RATE_LIMITED_BODY = 'rate_limited';

/** AWS managed rule groups a web ACL runs, in evaluation order (SEC-16). */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Headers whose values never reach the WAF logs (API keys, bearer tokens). */
export const REDACTED_HEADERS = ['x-api-key', 'authorization'] as const;

/** A rule's metrics and samples, under a name derived from it. */
export type Visibility = (name: string) => wafv2.CfnWebACL.VisibilityConfigProperty;

/** The body of the 429 answer, keyed by {@link RATE_LIMITED_BODY} (a web ACL's customResponseBodies). */
export const RATE_LIMITED_BODIES: Record<string, wafv2.CfnWebACL.CustomResponseBodyProperty> = {
  [RATE_LIMITED_BODY]: {
    contentType: 'APPLICATION_JSON',
    content: JSON.stringify({
      error: 'rate_limited',
      message: 'Too many requests from this address; retry after the Retry-After header.',
    }),
  },
};

/**
 * The per-IP rate-based rule (SEC-15), priority 0: over `limit` requests in the 5-minute window it
 * blocks with 429 and Retry-After, as clients expect from a rate limit (WAF's default block is a
 * 403). `scopeDownStatement` narrows what is counted.
 */
export function rateLimitRule(
  limit: number,
  visibility: Visibility,
  scopeDownStatement?: wafv2.CfnWebACL.StatementProperty,
): wafv2.CfnWebACL.RuleProperty {
  return {
    name: 'RateLimitPerIp',
    priority: 0,
    action: {
      block: {
        customResponse: {
          responseCode: RATE_LIMIT_RESPONSE.statusCode,
          customResponseBodyKey: RATE_LIMITED_BODY,
          responseHeaders: [{ name: 'Retry-After', value: String(RATE_LIMIT_RESPONSE.retryAfterSeconds) }],
        },
      },
    },
    statement: {
      rateBasedStatement: {
        limit,
        aggregateKeyType: 'IP',
        evaluationWindowSec: RATE_LIMIT_RESPONSE.retryAfterSeconds,
        ...(scopeDownStatement && { scopeDownStatement }),
      },
    },
    visibilityConfig: visibility('RateLimitPerIp'),
  };
}

/** The {@link MANAGED_RULE_GROUPS} as rules, priorities 10 onward (SEC-16). */
export function managedRuleGroupRules(visibility: Visibility): wafv2.CfnWebACL.RuleProperty[] {
  return MANAGED_RULE_GROUPS.map((name, i) => ({
    name,
    priority: 10 + i,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  }));
}

/** Where and how long a web ACL's logs are kept. */
export interface WafLogsOptions {
  /** Key of the log group (it must let CloudWatch Logs of the stack's region use it). */
  readonly logsKey: kms.IKey;
  /** Retention in days (one of CloudWatch's periods). */
  readonly logDays: number;
  /** Keep the log group when the stack is deleted. */
  readonly retainLogs: boolean;
}

/**
 * Logs `webAcl` to a KMS-encrypted log group of `scope` (id `Logs`, logging id `Logging`) whose name
 * starts with `aws-waf-logs-`, as WAF requires; API keys and Authorization are redacted.
 */
export function logWebAcl(scope: Construct, webAcl: wafv2.CfnWebACL, options: WafLogsOptions): logs.LogGroup {
  const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(scope, { maxLength: 400, separator: '-' })}`;
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    logGroupName,
    encryptionKey: options.logsKey,
    retention: options.logDays as logs.RetentionDays,
    removalPolicy: options.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  const logging = new wafv2.CfnLoggingConfiguration(scope, 'Logging', {
    resourceArn: webAcl.attrArn,
    // WAF wants the log group ARN without the ":*" suffix CDK's logGroupArn carries.
    logDestinationConfigs: [
      Stack.of(scope).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
    redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
  });
  logging.node.addDependency(logGroup);
  return logGroup;
}
