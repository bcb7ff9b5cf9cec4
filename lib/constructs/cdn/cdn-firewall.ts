import { ArnFormat, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { MIN_PRODUCTION_LOG_DAYS } from '../../contracts/production-floors';
import { RATE_LIMIT_RESPONSE } from '../../contracts/rate-limit-response';
import { MANAGED_RULE_GROUPS, REDACTED_HEADERS } from '../edge/edge-firewall';

/** Key of the JSON body the rate-based rule answers with. */
const RATE_LIMITED_BODY = 'rate_limited';

/** What config decides about the distribution's web ACL and its logs (plain data). */
export interface CdnFirewallOptions {
  /** Requests per client IP per 5 minutes before the rate-based rule blocks (`cdn.wafRateLimit`). */
  readonly wafRateLimit: number;
  /** Days the WAF logs are kept (`cdn.logDays`). */
  readonly logDays: number;
  /** Keep the log group when the stack is deleted (production). */
  readonly retainLogs: boolean;
}

/** Props of {@link CdnFirewall}: its options and the key of its log group. */
export interface CdnFirewallProps extends CdnFirewallOptions {
  /** Key of the WAF log group (in us-east-1, the web ACL's region; it must let CloudWatch Logs use it). */
  readonly logsKey: kms.IKey;
}

/**
 * The distribution's web ACL (SEC-15, SEC-16): CLOUDFRONT scope, so it lives in us-east-1 as
 * CloudFront requires. A per-IP rate limit answering 429 with Retry-After (as the ALB's web ACL
 * does), then the AWS managed rule groups for IP reputation, known bad inputs, the common (OWASP)
 * rules and SQL injection. Every rule emits metrics and samples. Logs go to a KMS-encrypted log
 * group whose name starts with `aws-waf-logs-` (a WAF requirement), API keys and Authorization
 * redacted.
 */
export class CdnFirewall extends Construct {
  /** The web ACL (its ARN is the distribution's `webAclId`). */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The WAF log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CdnFirewallProps) {
    super(scope, id);
    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${metricPrefix}-${name}`.slice(-128),
    });
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        action: {
          block: {
            customResponse: {
              responseCode: RATE_LIMIT_RESPONSE.statusCode,
              customResponseBodyKey: RATE_LIMITED_BODY,
              responseHeaders: [
                { name: 'Retry-After', value: String(RATE_LIMIT_RESPONSE.retryAfterSeconds) },
              ],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: props.wafRateLimit,
            aggregateKeyType: 'IP',
            evaluationWindowSec: RATE_LIMIT_RESPONSE.retryAfterSeconds,
          },
        },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
      ...MANAGED_RULE_GROUPS.map(
        (name, i): wafv2.CfnWebACL.RuleProperty => ({
          name,
          priority: 10 + i,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: visibility(name),
        }),
      ),
    ];
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Shipshape CDN: rate limit, AWS managed rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WebAcl'),
      customResponseBodies: {
        [RATE_LIMITED_BODY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: 'rate_limited',
            message: 'Too many requests from this address; retry after the Retry-After header.',
          }),
        },
      },
      rules,
    });

    const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 400, separator: '-' })}`;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: props.logsKey,
      retention: props.logDays as logs.RetentionDays,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the ":*" suffix CDK's logGroupArn carries.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(this.logGroup);
    if (props.logDays < MIN_PRODUCTION_LOG_DAYS) {
      Validations.of(this.logGroup).acknowledge({
        id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
        reason: `cdn.logDays is ${props.logDays} days, a non-production retention (LEG-01): config validation refuses less than ${MIN_PRODUCTION_LOG_DAYS} days in a production stage.`,
      });
    }
  }
}
