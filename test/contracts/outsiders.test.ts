import { environments } from '../../config';
import type { AccessPath } from '../../lib/contracts/access-path';
import { validateConfigs } from '../../lib/config';
import { stageArtifacts } from '../support/assembly';
import { stageModel } from '../support/cfn/stage-model';
import { outsiderPaths } from '../support/iam/outsider-paths';
import { evaluatePath } from '../support/iam/verdicts';

/*
 * Every resource of every stage that carries a resource policy (topics, queues, buckets, secrets,
 * keys, Lambda functions, repositories) gives nothing to another account's principals, to unsigned
 * requests, or to an AWS service the policy names when it acts for another account.
 */

const ENVIRONMENTS = Object.keys(validateConfigs(environments));

describe.each(ENVIRONMENTS)('outsiders in %s', (environment) => {
  const model = stageModel(environment, stageArtifacts(environment));
  const paths = outsiderPaths(model);

  test('every resource policy is covered', () => {
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths.map((p) => p.id.split(' on ')[1]!.split('/')[0])).size).toBeGreaterThan(1);
  });

  test('control: a copy of the templates whose topic policy admits everyone lets the outsider publish', async () => {
    const topicPolicy = model.one('Alerts:Alerts/Topic/Policy', 'AWS::SNS::TopicPolicy');
    const topic = model.one('Alerts:Alerts/Topic', 'AWS::SNS::Topic');
    const open = model.withChangedProps(topicPolicy, (props) => {
      (props.PolicyDocument as { Statement: unknown[] }).Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sns:Publish',
        Resource: topic.arn,
      });
    });
    const outsider = outsiderPaths(open).find((p) => p.id === 'foreign-account on Alerts:Alerts/Topic')!;
    const verdict = await evaluatePath(open, outsider);
    expect(verdict.requests.find((r) => r.request.action === 'sns:Publish')!.result.decision).toBe('Allowed');
  });

  // One test per resource (its outsider, anonymous and confused-deputy paths): fewer, larger tests.
  const byResource = new Map<string, AccessPath[]>();
  for (const p of paths) {
    const resource = p.id.split(' on ')[1]!.split(' ')[0]!;
    byResource.set(resource, [...(byResource.get(resource) ?? []), p]);
  }
  test.each([...byResource.entries()])('%s', async (_resource, group) => {
    const failures: string[] = [];
    for (const path of group) {
      const verdict = await evaluatePath(model, path);
      failures.push(...verdict.wiringProblems.map((p) => `${path.id}: ${p}`));
      failures.push(
        ...verdict.requests.filter((r) => !r.ok).map((r) => `${path.id}: deny expected: ${r.line}`),
      );
    }
    expect(failures).toEqual([]);
  });
});
