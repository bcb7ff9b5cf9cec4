import { Names } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeGuard, CROSS_STACK_LOGS_KEY, resourceOf } from '../platform/acknowledge';
import { logWebAcl, managedRuleGroupRules, RATE_LIMITED_BODIES, rateLimitRule } from './waf-rules';

export { MANAGED_RULE_GROUPS, REDACTED_HEADERS } from './waf-rules';

/** What config decides about the web ACL and its logs (plain data). */
export interface EdgeFirewallOptions {
  /** Requests per client IP per 5 minutes before the rate-based rule blocks. */
  readonly wafRateLimit: number;
  /** Largest request body in bytes the web ACL lets through. */
  readonly maxBodyBytes: number;
  /** Log retention in days. */
  readonly logDays: number;
  /** Keep the log group when the stack is deleted (production). */
  readonly retainLogs: boolean;
  /**
   * Load-test sources the per-IP rate rule does not count (PERF-01; config keeps it out of
   * production). @default - every address is rate limited
   */
  readonly loadTestAllowList?: { readonly name: string; readonly cidrs: readonly string[] };
}

/** Props of {@link EdgeFirewall}: its options, the load balancer it protects and the logs key. */
export interface EdgeFirewallProps extends EdgeFirewallOptions {
  /** The load balancer the web ACL protects. */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Key of the stage's log groups. */
  readonly logsKey: kms.IKey;
}

/**
 * The regional WAF web ACL on the ALB (SEC-15, SEC-16): a per-IP rate limit that blocks (with 429;
 * config's load-test sources outside production are not counted), a request
 * body size limit, the AWS managed rule groups for IP reputation, known bad inputs, the common
 * (OWASP) rules and SQL injection; every rule emits metrics and samples. Logs go to an encrypted
 * log group (its name must start with `aws-waf-logs-`) with API keys and Authorization redacted.
 */
export class EdgeFirewall extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;
  /**
   * CloudWatch metric names (dimension `Rule`, namespace AWS/WAFV2) by rule name, plus `WebAcl` for
   * the whole ACL (dimension `WebACL`): what the monitoring stack alarms on (blocked requests).
   */
  public readonly metricNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    const metricNames: Record<string, string> = {};
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => {
      metricNames[name] = `${metricPrefix}-${name}`.slice(-128);
      return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metricNames[name] };
    };
    // Load generators outside production (PERF-01): the rate rule does not count them, every other
    // rule still inspects them.
    const allowList = props.loadTestAllowList;
    const loadTestSources =
      allowList === undefined
        ? undefined
        : new wafv2.CfnIPSet(this, 'LoadTestSources', {
            name: allowList.name,
            description: 'Load-test sources the per-IP rate rule does not count, PERF-01',
            scope: 'REGIONAL',
            ipAddressVersion: 'IPV4',
            addresses: [...allowList.cidrs],
          });
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      rateLimitRule(
        props.wafRateLimit,
        visibility,
        loadTestSources && {
          notStatement: { statement: { ipSetReferenceStatement: { arn: loadTestSources.attrArn } } },
        },
      ),
      {
        // Behind an ALB WAF sees at most the first 8 KB of a body; MATCH blocks larger bodies too.
        name: 'BodySizeLimit',
        priority: 1,
        action: { block: {} },
        statement: {
          sizeConstraintStatement: {
            fieldToMatch: { body: { oversizeHandling: 'MATCH' } },
            comparisonOperator: 'GT',
            size: props.maxBodyBytes,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        visibilityConfig: visibility('BodySizeLimit'),
      },
      ...managedRuleGroupRules(visibility),
    ];
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Shipshape API: rate limit, body size, AWS managed rules',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WebAcl'),
      customResponseBodies: RATE_LIMITED_BODIES,
      rules,
    });
    this.metricNames = metricNames;
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    this.logGroup = logWebAcl(this, this.webAcl, props);
    acknowledgeGuard(resourceOf(this.logGroup), 'cloudwatch_log_group_encrypted_check', CROSS_STACK_LOGS_KEY);
  }
}
