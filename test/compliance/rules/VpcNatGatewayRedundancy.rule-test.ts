import { Stack } from 'aws-cdk-lib';
import { CfnEIP, CfnNatGateway, CfnSubnet, CfnVPC } from 'aws-cdk-lib/aws-ec2';
import { type Finding, flagged, NON_PRODUCTION, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-VpcNatGatewayRedundancy';

/** A VPC with one public subnet per AZ and a NAT gateway in the first `nats` of them. */
function vpc(stack: Stack, nats: number, subnetsInVpc = 2): void {
  const v = new CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  for (let i = 0; i < Math.max(subnetsInVpc, nats); i++) {
    const subnet = new CfnSubnet(stack, `Public${i}`, { vpcId: v.ref, cidrBlock: `10.0.${i}.0/24` });
    if (i < nats) {
      const eip = new CfnEIP(stack, `Eip${i}`, { domain: 'vpc' });
      new CfnNatGateway(stack, `Nat${i}`, { subnetId: subnet.ref, allocationId: eip.attrAllocationId });
    }
  }
}

describe('VpcNatGatewayRedundancy: a VPC that uses NAT has at least two NAT gateways', () => {
  let findings: Finding[];
  let nonProduction: Finding[];
  beforeAll(() => {
    const app = newApp();
    vpc(new Stack(app, 'Noncompliance1'), 1);
    vpc(new Stack(app, 'Compliance1'), 2);
    vpc(new Stack(app, 'Compliance2'), 3, 3);
    vpc(new Stack(app, 'Compliance3'), 0);
    findings = runRule(app, RULE);
    nonProduction = runRule(app, RULE, NON_PRODUCTION);
  });

  test('Noncompliance 1: one NAT gateway', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Compliance 1: two NAT gateways in two subnets', () => {
    expect(reported(findings, RULE, 'Compliance1')).toEqual([]);
  });
  test('Compliance 2: three', () => {
    expect(reported(findings, RULE, 'Compliance2')).toEqual([]);
  });
  test('Compliance 3: no NAT at all (isolated subnets only) is not concerned', () => {
    expect(reported(findings, RULE, 'Compliance3')).toEqual([]);
  });
  test('non-production: one NAT gateway is a warning', () => {
    expect(flagged(nonProduction, RULE, 'Noncompliance1')[0]!.severity).toBe('warning');
  });
});
