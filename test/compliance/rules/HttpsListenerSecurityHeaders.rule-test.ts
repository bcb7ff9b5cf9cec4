import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-HttpsListenerSecurityHeaders';
const HSTS = 'routing.http.response.strict_transport_security.header_value';
const NOSNIFF = 'routing.http.response.x_content_type_options.header_value';
const FRAME = 'routing.http.response.x_frame_options.header_value';
const CSP = 'routing.http.response.content_security_policy.header_value';
const GOOD: Record<string, string> = {
  [HSTS]: 'max-age=63072000; includeSubDomains; preload',
  [NOSNIFF]: 'nosniff',
  [FRAME]: 'DENY',
  [CSP]: "default-src 'none'; frame-ancestors 'none'",
};

describe('HttpsListenerSecurityHeaders: HTTPS listeners add HSTS, nosniff, frame options and CSP', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const listener = (stackId: string, attributes: Record<string, string>) =>
      new elbv2.CfnListener(new Stack(app, stackId), 'Https', {
        loadBalancerArn: 'arn:lb',
        port: 443,
        protocol: 'HTTPS',
        defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }],
        listenerAttributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
      });
    listener('Noncompliance1', {});
    listener('Noncompliance2', { ...GOOD, [HSTS]: 'max-age=86400' });
    listener('Noncompliance3', { ...GOOD, [FRAME]: 'ALLOW-FROM https://x.example.com' });
    const { [CSP]: _csp, ...noCsp } = GOOD;
    listener('Noncompliance4', noCsp);
    listener('Noncompliance5', { ...GOOD, [NOSNIFF]: '' });
    listener('Compliance', { ...GOOD, [FRAME]: 'sameorigin' });
    // Through the L2, as the stacks do it (listener.setAttribute).
    const stack = new Stack(app, 'ComplianceL2');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const https = alb.addListener('Https', {
      port: 443,
      certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/1')],
      defaultAction: elbv2.ListenerAction.fixedResponse(404),
    });
    for (const [key, value] of Object.entries(GOOD)) https.setAttribute(key, value);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no header attributes', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: HSTS max-age one day', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: X-Frame-Options ALLOW-FROM', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: no Content-Security-Policy', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: empty X-Content-Type-Options', () => {
    expect(flagged(findings, RULE, 'Noncompliance5')).toHaveLength(1);
  });
  test('Compliance: all four headers (L1, and L2 setAttribute)', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceL2')).toEqual([]);
  });
});
