import { Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-SecurityGroupPublicIngress';

function world(port: number, ipv6 = false): CfnSecurityGroup.IngressProperty {
  return {
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    ...(ipv6 ? { cidrIpv6: '::/0' } : { cidrIp: '0.0.0.0/0' }),
  };
}

describe('SecurityGroupPublicIngress: only an internet-facing ALB takes 0.0.0.0/0, on 80/443 only', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const group = (
      stackId: string,
      ingress: CfnSecurityGroup.IngressProperty[],
      alb?: 'internet-facing' | 'internal',
    ) => {
      const stack = new Stack(app, stackId);
      const sg = new CfnSecurityGroup(stack, 'Sg', {
        groupDescription: 'sg',
        vpcId: 'vpc-1',
        securityGroupIngress: ingress,
      });
      if (alb) {
        new CfnLoadBalancer(stack, 'Alb', {
          scheme: alb,
          subnets: ['subnet-1', 'subnet-2'],
          securityGroups: [sg.attrGroupId],
        });
      }
      return { stack, sg };
    };
    group('Noncompliance1', [world(22)], 'internet-facing');
    group('Noncompliance2', [world(443)]); // not an ALB's group
    group('Noncompliance3', [world(443)], 'internal');
    group(
      'Noncompliance4',
      [{ ipProtocol: 'tcp', fromPort: 80, toPort: 443, cidrIp: '0.0.0.0/0' }],
      'internet-facing',
    );
    const { stack, sg } = group('Noncompliance5', [], 'internet-facing');
    new CfnSecurityGroupIngress(stack, 'Ssh', {
      groupId: sg.attrGroupId,
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidrIp: '0.0.0.0/0',
    });
    group('Noncompliance6', [{ ipProtocol: '-1', cidrIpv6: '::/0' }], 'internet-facing');
    group('Compliance', [world(443), world(80), world(443, true)], 'internet-facing');
    group('ComplianceInternal', [
      { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: 'sg-app' },
    ]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: SSH from anywhere on the ALB group', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: 443 from anywhere on a group no ALB uses', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: 443 from anywhere on an internal ALB', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: port range 80-443', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: standalone SecurityGroupIngress for SSH', () => {
    expect(flagged(findings, RULE, 'Noncompliance5').map((f) => f.constructPath)).toEqual([
      'Noncompliance5/Ssh',
    ]);
  });
  test('Noncompliance 6: all traffic from ::/0', () => {
    expect(flagged(findings, RULE, 'Noncompliance6')).toHaveLength(1);
  });
  test('Compliance: 80/443 (IPv4 and IPv6) on the internet-facing ALB; SG-sourced ingress elsewhere', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceInternal')).toEqual([]);
  });
});
