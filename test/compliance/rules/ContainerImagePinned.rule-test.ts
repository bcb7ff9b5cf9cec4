import { Fn, Stack } from 'aws-cdk-lib';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { type Finding, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerImagePinned';

describe('ContainerImagePinned: every image is a version tag other than latest, or a digest', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    taskDefinition(new Stack(app, 'Noncompliance1'), [
      { image: 'public.ecr.aws/docker/library/nginx:latest' },
    ]);
    taskDefinition(new Stack(app, 'Noncompliance2'), [{ image: 'public.ecr.aws/docker/library/nginx' }]);
    const stack3 = new Stack(app, 'Noncompliance3');
    const repo3 = new CfnRepository(stack3, 'Repo', {});
    taskDefinition(stack3, [{ image: Fn.join('', [repo3.attrRepositoryUri, ':latest']) }]);
    taskDefinition(new Stack(app, 'Noncompliance4'), [{ image: 'registry.example:5000/team/api' }]);
    const stack = new Stack(app, 'Compliance');
    const repo = new CfnRepository(stack, 'Repo', {});
    taskDefinition(stack, [
      { image: Fn.join('', [repo.attrRepositoryUri, ':1.4.2']) },
      { image: 'registry.example:5000/team/api:2026.11.28' },
      {
        image:
          'public.ecr.aws/docker/library/nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      },
    ]);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: :latest', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: no tag (the registry serves latest)', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: an ECR repository URI joined with :latest', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Noncompliance 4: a registry port is not a tag', () => {
    expect(flagged(findings, RULE, 'Noncompliance4')).toHaveLength(1);
  });
  test('Compliance: a version tag on an ECR URI token or a registry with a port, or a digest', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
  });
});
