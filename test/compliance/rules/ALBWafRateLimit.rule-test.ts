import { Stack } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ALBWafRateLimit';
const VISIBILITY = { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'm' };

function rateRule(action: CfnWebACL.RuleActionProperty): CfnWebACL.RuleProperty {
  return {
    name: 'RateLimit',
    priority: 0,
    action,
    statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
    visibilityConfig: VISIBILITY,
  };
}

const MANAGED: CfnWebACL.RuleProperty = {
  name: 'Common',
  priority: 1,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
  visibilityConfig: VISIBILITY,
};

describe('ALBWafRateLimit: internet-facing ALBs sit behind a web ACL with a blocking rate-based rule', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const alb = (stackId: string, rules?: CfnWebACL.RuleProperty[], scheme?: string) => {
      const stack = new Stack(app, stackId);
      const lb = new CfnLoadBalancer(stack, 'Alb', {
        type: 'application',
        scheme,
        subnets: ['subnet-1', 'subnet-2'],
      });
      if (rules) {
        const acl = new CfnWebACL(stack, 'Acl', {
          scope: 'REGIONAL',
          defaultAction: { allow: {} },
          rules,
          visibilityConfig: VISIBILITY,
        });
        new CfnWebACLAssociation(stack, 'AclAssociation', { resourceArn: lb.ref, webAclArn: acl.attrArn });
      }
      return stack;
    };
    alb('Noncompliance1');
    alb('Noncompliance2', [MANAGED]);
    alb('Noncompliance3', [rateRule({ count: {} }), MANAGED]);
    alb('Compliance', [rateRule({ block: {} }), MANAGED]);
    alb('ComplianceInternal', undefined, 'internal');
    // Web ACL in another stack of the same app: followed through the CDK cross-stack export.
    const edge = new Stack(app, 'ComplianceCrossStackWaf');
    const acl = new CfnWebACL(edge, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rules: [rateRule({ block: {} })],
      visibilityConfig: VISIBILITY,
    });
    const lbStack = new Stack(app, 'ComplianceCrossStackAlb');
    const lb = new CfnLoadBalancer(lbStack, 'Alb', { subnets: ['subnet-1', 'subnet-2'] });
    new CfnWebACLAssociation(lbStack, 'AclAssociation', { resourceArn: lb.ref, webAclArn: acl.attrArn });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no web ACL association', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: web ACL without a rate-based rule', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: rate-based rule that only counts', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: blocking rate rule (same stack or cross-stack); internal ALBs out of scope', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceInternal')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceCrossStackAlb')).toEqual([]);
  });
});
