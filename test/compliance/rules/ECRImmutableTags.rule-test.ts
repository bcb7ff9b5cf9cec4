import { Stack } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { type Finding, flagged, newApp, reported, runRule } from './helpers';

const RULE = 'ProductionReadiness-ECRImmutableTags';

describe('ECRImmutableTags: repositories have immutable tags', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    new CfnRepository(new Stack(app, 'Noncompliance1'), 'Repo', {});
    new CfnRepository(new Stack(app, 'Noncompliance2'), 'Repo', { imageTagMutability: 'MUTABLE' });
    new CfnRepository(new Stack(app, 'Noncompliance3'), 'Repo', {
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
    });
    new CfnRepository(new Stack(app, 'Compliance'), 'Repo', { imageTagMutability: 'IMMUTABLE' });
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: unset (MUTABLE)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: MUTABLE', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: IMMUTABLE_WITH_EXCLUSION', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
