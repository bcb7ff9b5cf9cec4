import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ProductionReadinessChecks } from '../../lib/compliance/production-readiness-pack';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addStockEngines } from '../../lib/compliance/engines';
import { STOCK_ENGINES } from '../../lib/contracts/engines';
import { findingsIn } from '../support/report';
import { CDK_CONTEXT } from '../support/synth';

// The whole app under every engine (zero unacknowledged findings) is asserted by
// test/ops/audit.test.ts, which synthesizes it once for the audit; this file proves the engines
// are wired and live, on a small app that breaks their rules.

describe('the engines are live (negative control)', () => {
  // A stack that breaks rules of every engine: an unencrypted bucket without logging or TLS
  // enforcement, and SSH open to the world. If wiring broke, this would pass silently.
  const outdir = require('node:fs').mkdtempSync(`${require('node:os').tmpdir()}/shipshape-bad-`) as string;
  const bad = new App({ outdir, context: CDK_CONTEXT });
  addStockEngines(bad);
  // Our own pack runs per stage, as ShipshapeStage registers it.
  const stage = new Stage(bad, 'BadStage', { env: { account: '111111111111', region: 'eu-west-1' } });
  Validations.of(stage).addPlugins(
    new ProductionReadinessChecks(stage, { profile: 'production' }, { within: stage }),
  );
  const logs = new Stack(stage, 'Logs');
  new LogGroup(logs, 'NeverExpires', { retention: RetentionDays.INFINITE });
  const stack = new Stack(bad, 'Bad', { env: { account: '111111111111', region: 'eu-west-1' } });
  new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.UNENCRYPTED, enforceSSL: false });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2, restrictDefaultSecurityGroup: false });
  const sg = new ec2.SecurityGroup(stack, 'Open', { vpc });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  // Outside the CLI a failing validation throws after writing the report; the report is what we read.
  expect(() => bad.synth()).toThrow(/server access logs disabled/);
  const findings = findingsIn(outdir);

  test.each(STOCK_ENGINES)('%s reports findings on the bad stack', (engine) => {
    expect(findings.filter((f) => f.engine === engine).length).toBeGreaterThan(0);
  });

  test("aws-cdk-lib's built-in CloudFormation validator reports on the bad stack", () => {
    expect(findings).toContainEqual(expect.objectContaining({ rule: 'W2508', path: 'Bad/Open/Resource' }));
  });

  test('the ProductionReadiness pack reports on the bad stage', () => {
    expect(findings).toContainEqual(
      expect.objectContaining({
        engine: 'ProductionReadiness',
        rule: 'ProductionReadiness-LogGroupRetentionPolicy',
      }),
    );
  });

  test('findings name the offending construct', () => {
    expect(findings).toContainEqual(
      expect.objectContaining({
        engine: 'AwsSolutions',
        rule: 'AwsSolutions-EC23',
        path: 'Bad/Open/Resource',
      }),
    );
  });
});
