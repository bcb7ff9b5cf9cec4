import type { NetworkPath } from '../../lib/contracts/access-path';
import { ACCESS_PATHS } from '../../lib/contracts/access-paths';
import { NETWORK_PATHS } from '../../lib/contracts/network-paths';
import { stageModel } from '../support/cfn/stage-model';
import { optionalFeaturesVariant, synthesizeServiceApp } from '../support/fake-data-tier';
import { evaluatePath, negativeControl } from '../support/iam/verdicts';
import { NetworkModel } from '../support/network/reachability';

/*
 * No committed stage enables the shared EFS volume, so its paths are proved on the dev-based
 * variant with every optional feature on (real network and service stacks, the fake data stack;
 * one stage, no engines: what is evaluated is the service stack's EFS wiring).
 */

const config = optionalFeaturesVariant();
// Path metadata, as the CLI writes it: the model names resources by construct path. No bundling:
// the Lambda code is not what is evaluated (saves ~2 s).
const app = synthesizeServiceApp(
  { variant: config },
  { engines: false, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:bundling-stacks': [] } },
);
const stage = app.stages.variant!;
const model = stageModel('variant', app.assembly.getNestedAssembly(stage.stage.artifactId).stacks);

describe('EFS paths of the optional-features variant', () => {
  const rows = ACCESS_PATHS.filter((p) => p.requires === 'efs');

  test.each(rows.map((p) => [p.id, p] as const))('%s', async (_id, path) => {
    const verdict = await evaluatePath(model, path);
    expect(verdict.wiringProblems).toEqual([]);
    expect(verdict.requests.filter((r) => !r.ok).map((r) => r.line)).toEqual([]);
    const control = await negativeControl(model, verdict.requests[0]!);
    expect(control.decision).toMatch(/Denied$/);
  });

  test.each(NETWORK_PATHS.filter((p) => p.requires === 'efs').map((p) => [p.id, p] as const))(
    '%s',
    (_id, path: NetworkPath) => {
      const net = new NetworkModel(model);
      const reach = net.reach(
        net.placement(model.one(path.from as `Service:${string}`)),
        net.placement(model.one(path.to as `Service:${string}`)),
        path.port as number,
      );
      expect(`${reach.reachable ? 'reachable' : 'unreachable'}: ${reach.why}`).toMatch(/^reachable/);
    },
  );
});
