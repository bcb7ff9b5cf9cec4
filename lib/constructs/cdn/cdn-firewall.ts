import { Names, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { MIN_PRODUCTION_LOG_DAYS } from '../../contracts/production-floors';
import { logWebAcl, managedRuleGroupRules, RATE_LIMITED_BODIES, rateLimitRule } from '../edge/waf-rules';

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
    const rules = [rateLimitRule(props.wafRateLimit, visibility), ...managedRuleGroupRules(visibility)];
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Shipshape CDN: rate limit, AWS managed rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WebAcl'),
      customResponseBodies: RATE_LIMITED_BODIES,
      rules,
    });

    this.logGroup = logWebAcl(this, this.webAcl, props);
    if (props.logDays < MIN_PRODUCTION_LOG_DAYS) {
      Validations.of(this.logGroup).acknowledge({
        id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
        reason: `cdn.logDays is ${props.logDays} days, a non-production retention (LEG-01): config validation refuses less than ${MIN_PRODUCTION_LOG_DAYS} days in a production stage.`,
      });
    }
  }
}
