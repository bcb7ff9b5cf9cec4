import { Stack } from 'aws-cdk-lib';
import { CfnListener } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-HttpsListenerTlsPolicy';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/api/1';
const CERT = [{ certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/1' }];
const FORWARD = [{ type: 'forward', targetGroupArn: 'arn:tg' }];

describe('HttpsListenerTlsPolicy: HTTPS listeners use a TLS 1.2+ security policy', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const listener = (stackId: string, sslPolicy?: string, protocol = 'HTTPS') =>
      new CfnListener(new Stack(app, stackId), 'Listener', {
        loadBalancerArn: LB,
        port: 443,
        protocol,
        sslPolicy,
        certificates: CERT,
        defaultActions: FORWARD,
      });
    listener('Noncompliance1');
    listener('Noncompliance2', 'ELBSecurityPolicy-2016-08');
    listener('Noncompliance3', 'ELBSecurityPolicy-TLS-1-1-2017-01');
    listener('Noncompliance4', 'ELBSecurityPolicy-TLS13-1-0-2021-06');
    listener('Compliance', 'ELBSecurityPolicy-TLS13-1-2-2021-06');
    listener('ComplianceFs', 'ELBSecurityPolicy-FS-1-2-Res-2020-10');
    listener('ComplianceTls13', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLS');
    listener('NotApplicable', undefined, 'HTTP');
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no SslPolicy (API default 2016-08)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: ELBSecurityPolicy-2016-08', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: TLS 1.1 policy', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: TLS13 family that still allows 1.0', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Compliance: TLS13-1-2, FS-1-2, TLS13-1-3 (TLS listener); HTTP is out of scope', () => {
    for (const path of ['Compliance', 'ComplianceFs', 'ComplianceTls13', 'NotApplicable']) {
      expect(reported(findings, RULE, path)).toEqual([]);
    }
  });
});
