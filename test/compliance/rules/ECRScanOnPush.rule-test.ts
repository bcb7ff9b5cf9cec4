import { Stack } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ECRScanOnPush';

describe('ECRScanOnPush: repositories scan images on push', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    new CfnRepository(new Stack(app, 'Noncompliance1'), 'Repo', {});
    new CfnRepository(new Stack(app, 'Noncompliance2'), 'Repo', {
      imageScanningConfiguration: { scanOnPush: false },
    });
    new CfnRepository(new Stack(app, 'Compliance'), 'Repo', {
      imageScanningConfiguration: { scanOnPush: true },
    });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: no scanning configuration', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: ScanOnPush false', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Compliance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
