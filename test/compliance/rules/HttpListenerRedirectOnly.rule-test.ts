import { Stack } from 'aws-cdk-lib';
import { CfnListener, CfnListenerRule } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-HttpListenerRedirectOnly';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/api/1';
const REDIRECT = {
  type: 'redirect',
  redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
};
const FORWARD = { type: 'forward', targetGroupArn: 'arn:tg' };

describe('HttpListenerRedirectOnly: HTTP listeners only redirect to HTTPS', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const listener = (stackId: string, defaultActions: CfnListener.ActionProperty[]) =>
      new CfnListener(new Stack(app, stackId), 'Http', {
        loadBalancerArn: LB,
        port: 80,
        protocol: 'HTTP',
        defaultActions,
      });
    listener('Noncompliance1', [FORWARD]);
    listener('Noncompliance2', [
      { type: 'redirect', redirectConfig: { protocol: 'HTTP', port: '8080', statusCode: 'HTTP_301' } },
    ]);
    const withRule = listener('Noncompliance3', [REDIRECT]);
    new CfnListenerRule(withRule.stack, 'Bypass', {
      listenerArn: withRule.ref,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/health'] }],
      actions: [FORWARD],
    });
    listener('Noncompliance4', [REDIRECT, FORWARD]);
    const compliant = listener('Compliance', [REDIRECT]);
    new CfnListenerRule(compliant.stack, 'Legacy', {
      listenerArn: compliant.ref,
      priority: 1,
      conditions: [{ field: 'host-header', values: ['old.example.com'] }],
      actions: [
        {
          type: 'redirect',
          redirectConfig: { protocol: 'HTTPS', host: 'new.example.com', statusCode: 'HTTP_301' },
        },
      ],
    });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: forwards over HTTP', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: redirects to HTTP', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: a listener rule forwards over HTTP', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: redirect plus forward', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Compliance: single HTTPS redirect, rules only redirect to HTTPS', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
