import { environments } from '../../config';
import type { AccessPath, NetworkPath, ResourceRef } from '../../lib/contracts/access-path';
import { ACCESS_PATHS } from '../../lib/contracts/access-paths';
import { NETWORK_PATHS } from '../../lib/contracts/network-paths';
import { type ShipshapeConfig, validateConfigs } from '../../lib/config';
import { stageArtifacts } from '../support/assembly';
import type { StageModel } from '../support/cfn/stage-model';
import { stageModel } from '../support/cfn/stage-model';
import { hasFeature } from '../support/iam/verdicts';
import { NetworkModel, type Reach, type SgRule, withoutRule } from '../support/network/reachability';

/*
 * The network paths (lib/contracts/network-paths.ts), and HTTPS from every VPC compute of the
 * access-path table to the API of each service it calls, proved from the security groups, subnets,
 * route tables and VPC endpoints of every stage's templates. An allowed path also gets a negative
 * control: a copy of the templates without the rules that allowed it must not connect.
 */

const CONFIGS = validateConfigs(environments);

/** The endpoint service names a call needs (an ECR image pull also talks to the registry and S3). */
function apisOf(action: string): string[] {
  const [service, name] = action.split(':') as [string, string];
  if (service === 'ecr') {
    return name === 'GetAuthorizationToken' ? ['ecr.api'] : ['ecr.api', 'ecr.dkr', 's3'];
  }
  // EFS is NFS to the mount targets (its own network path), not an API call.
  return service === 'elasticfilesystem' ? [] : [service];
}

/** HTTPS to each service API that a VPC compute of the access-path table calls. */
function apiPaths(rows: readonly AccessPath[]): NetworkPath[] {
  return rows.flatMap((row) =>
    row.from === undefined
      ? []
      : [...new Set(row.actions.flatMap(apisOf))].map(
          (api): NetworkPath => ({
            id: `${row.id} → ${api} API`,
            purpose: row.purpose,
            from: row.from as ResourceRef,
            to: { api },
            expect: 'allow',
            ...(row.requires ? { requires: row.requires } : {}),
          }),
        ),
  );
}

function portOf(model: StageModel, config: ShipshapeConfig, path: NetworkPath): number {
  const port = path.port ?? 443;
  if (typeof port === 'number') return port;
  switch (port) {
    case 'container':
      return config.service.containerPort;
    case 'proxy': {
      const family = model.props(model.one(path.to as ResourceRef, 'AWS::RDS::DBProxy')).EngineFamily;
      return family === 'MYSQL' ? 3306 : 5432;
    }
    case 'database':
      return Number(model.props(model.one(path.to as ResourceRef, 'AWS::RDS::DBInstance')).Port);
    case 'cache':
      return Number(
        model.props(model.one(path.to as ResourceRef, 'AWS::ElastiCache::ReplicationGroup')).Port,
      );
  }
}

function evaluate(model: StageModel, config: ShipshapeConfig, path: NetworkPath): Reach {
  const net = new NetworkModel(model);
  const from = path.from === 'internet' ? 'internet' : net.placement(model.one(path.from));
  if (path.to === 'internet') {
    if (from === 'internet') throw new Error(`${path.id}: from the internet to the internet`);
    return net.reachInternet(from, portOf(model, config, path));
  }
  if (typeof path.to === 'object') {
    if (from === 'internet') throw new Error(`${path.id}: an API path starts inside the VPC`);
    return net.reachApi(from, path.to.api);
  }
  return net.reach(from, net.placement(model.one(path.to)), portOf(model, config, path));
}

describe.each(Object.keys(CONFIGS))('network paths of %s', (environment) => {
  const config = CONFIGS[environment]!;
  const model = stageModel(environment, stageArtifacts(environment));
  const rows = [...NETWORK_PATHS, ...apiPaths(ACCESS_PATHS)].filter((p) => hasFeature(config, p.requires));

  test.each(rows.map((p) => [p.id, p] as const))('%s', (_id, path) => {
    const reach = evaluate(model, config, path);
    const to = typeof path.to === 'object' ? `the ${path.to.api} API` : path.to;
    expect(`${path.from} → ${to}: ${reach.reachable ? 'reachable' : 'unreachable'} (${reach.why})`).toMatch(
      path.expect === 'allow' ? /: reachable/ : /: unreachable/,
    );
    if (path.expect === 'allow') {
      // Negative control: remove every rule that allowed it, in a copy, until it no longer connects.
      let copy = model;
      const removed: SgRule[] = [];
      let again = reach;
      for (let i = 0; again.reachable && i < 10; i++) {
        for (const rule of again.rules) copy = withoutRule(copy, rule);
        removed.push(...again.rules);
        again = evaluate(copy, config, path);
      }
      expect({ removed: removed.length > 0, reachable: again.reachable }).toEqual({
        removed: true,
        reachable: false,
      });
    }
  });

  test('from 0.0.0.0/0 only the ALB is reachable, on 80 and 443 only', () => {
    const net = new NetworkModel(model);
    const open = net.placements().flatMap((p) =>
      net.rules
        .filter(
          (r) =>
            r.direction === 'ingress' &&
            p.groups.includes(r.group) &&
            ['0.0.0.0/0', '::/0'].includes(r.cidr ?? ''),
        )
        .flatMap((r) => (r.protocol === '-1' ? [0] : [r.from, r.to]))
        .filter((port) => net.reach('internet', p, port).reachable)
        .map((port) => `${p.resource.path}:${port}`),
    );
    expect([...new Set(open)].sort()).toEqual(['Service:Edge/Alb:443', 'Service:Edge/Alb:80']);
    const alb = net.placement(model.one('Service:Edge/Alb'));
    const worldRules = net.rules.filter(
      (r) => r.direction === 'ingress' && ['0.0.0.0/0', '::/0'].includes(r.cidr ?? ''),
    );
    expect(worldRules.filter((r) => !alb.groups.includes(r.group)).map((r) => r.label)).toEqual([]);
  });

  test('control: a world-open rule on the tasks group is found', () => {
    const group = model.one('Service:Api/SecurityGroup', 'AWS::EC2::SecurityGroup');
    const copy = model.withChangedProps(group, (props) => {
      props.SecurityGroupIngress = [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 8000, ToPort: 8000 }];
    });
    const net = new NetworkModel(copy);
    const alb = net.placement(copy.one('Service:Edge/Alb'));
    expect(
      net.rules.filter(
        (r) => r.direction === 'ingress' && r.cidr === '0.0.0.0/0' && !alb.groups.includes(r.group),
      ).length,
    ).toBe(1);
  });
});
