import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ProductionReadinessChecks } from '../../lib/compliance/production-readiness-pack';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addStockEngines, STOCK_ENGINES } from '../../lib/compliance/engines';
import { findingsIn } from '../support/report';
import { CDK_CONTEXT, synthesize } from '../support/synth';

// Every stage, every engine, built-in CloudFormation validation on: exactly what `cdk synth` runs.
const app = synthesize({ engines: true });

describe('whole app under every engine', () => {
  test('no stage has an unacknowledged finding from any engine', () => {
    const findings = findingsIn(app.assembly.directory);
    expect(findings).toEqual([]);
  });

  test('every stage was synthesized', () => {
    expect(Object.keys(app.stages)).toEqual(['dev', 'staging', 'prod']);
    for (const stage of Object.values(app.stages)) {
      expect(app.assembly.getNestedAssembly(stage.artifactId).stacks.length).toBeGreaterThan(0);
    }
  });
});

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
