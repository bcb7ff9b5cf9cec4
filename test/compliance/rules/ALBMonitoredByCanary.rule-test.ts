import { Stack, Stage, Tags } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnCanary } from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ALBMonitoredByCanary';

/** An L2-like wrapper so the ALB has both an L2 path (`.../Alb`) and an L1 path (`.../Alb/Resource`). */
class Alb extends Construct {
  public readonly resource: CfnLoadBalancer;
  constructor(scope: Construct, id: string, scheme?: string) {
    super(scope, id);
    this.resource = new CfnLoadBalancer(this, 'Resource', { scheme, subnets: ['subnet-1', 'subnet-2'] });
  }
}

function canary(
  scope: Construct,
  monitors: string | undefined,
  startCanaryAfterCreation?: boolean,
): CfnCanary {
  const c = new CfnCanary(scope, 'Uptime', {
    name: 'uptime',
    artifactS3Location: 's3://bucket/canary',
    executionRoleArn: 'arn:aws:iam::111111111111:role/canary',
    runtimeVersion: 'syn-nodejs-puppeteer-9.1',
    schedule: { expression: 'rate(5 minutes)' },
    code: { handler: 'index.handler', script: 'exports.handler = async () => {};' },
    startCanaryAfterCreation,
  });
  if (monitors !== undefined) Tags.of(c).add('shipshape:monitors', monitors);
  return c;
}

describe('ALBMonitoredByCanary: a running canary of the Stage is tagged shipshape:monitors=<ALB path>', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    // Each case is a Stage with an edge stack (ALB) and a monitoring stack (canary).
    const stage = (
      id: string,
      monitors?: (alb: Alb) => string | undefined,
      start?: boolean,
      scheme?: string,
    ) => {
      const s = new Stage(app, id);
      const alb = new Alb(new Stack(s, 'Edge'), 'Alb', scheme);
      if (monitors) canary(new Stack(s, 'Monitoring'), monitors(alb), start);
    };
    stage('Noncompliance1');
    stage('Noncompliance2', () => undefined);
    stage('Noncompliance3', () => 'Elsewhere/Edge/Alb');
    stage('Noncompliance4', (alb) => alb.node.path, false);
    stage('Compliance', (alb) => alb.node.path);
    stage('ComplianceL1Path', (alb) => alb.resource.node.path);
    stage('ComplianceInternal', undefined, undefined, 'internal');
    // A canary of another Stage does not count, even with the right path.
    const other = new Stage(app, 'Noncompliance5');
    const alb = new Alb(new Stack(other, 'Edge'), 'Alb');
    canary(new Stack(new Stage(app, 'OtherStage'), 'Monitoring'), alb.node.path);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no canary', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: canary without the tag', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: canary monitors another path', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: canary created stopped', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Noncompliance 5: the canary lives in another Stage', () => {
    expect(flagged(findings, RULE, 'Noncompliance5')).toHaveLength(1);
  });
  test('Compliance: tag names the L2 or L1 path from another stack of the Stage; internal ALB out of scope', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceL1Path')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceInternal')).toEqual([]);
  });
});
