import { Names, RemovalPolicy, Stack, ArnFormat } from 'aws-cdk-lib';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeGuard, CROSS_STACK_LOGS_KEY, resourceOf } from '../platform/acknowledge';
import { RATE_LIMIT_RESPONSE } from '../../contracts/rate-limit-response';

/** Key of the JSON body the rate-based rule answers with. */
const RATE_LIMITED_BODY = 'rate_limited';

/** AWS managed rule groups the web ACL runs, in evaluation order (SEC-16). */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Headers whose values never reach the WAF logs (API keys, bearer tokens). */
export const REDACTED_HEADERS = ['x-api-key', 'authorization'] as const;

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
      {
        name: 'RateLimitPerIp',
        priority: 0,
        // 429 with Retry-After, as clients expect from a rate limit (WAF's default block is a 403).
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
            ...(loadTestSources && {
              scopeDownStatement: {
                notStatement: { statement: { ipSetReferenceStatement: { arn: loadTestSources.attrArn } } },
              },
            }),
          },
        },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
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
      scope: 'REGIONAL',
      description: 'Shipshape API: rate limit, body size, AWS managed rules',
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
    this.metricNames = metricNames;
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
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
    acknowledgeGuard(resourceOf(this.logGroup), 'cloudwatch_log_group_encrypted_check', CROSS_STACK_LOGS_KEY);
  }
}
