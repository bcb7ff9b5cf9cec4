import type { ModelResource, StageModel } from '../cfn/stage-model';
import { cidrContains, type SgRule, securityGroupRules } from './security-group-rules';

export { type SgRule, withoutRule } from './security-group-rules';

/*
 * Network reachability over a stage's templates: security groups (inline and standalone rules),
 * subnets, route tables (internet and NAT gateways), and VPC endpoints (interface endpoints with
 * private DNS, gateway endpoints on route tables). TCP only; stateful security groups (a reply needs
 * no rule); network ACLs are the VPC's default (allow all), which the templates do not change.
 */

/** Network interfaces of a resource: where they are and which groups guard them. */
export interface Placement {
  readonly resource: ModelResource;
  readonly subnets: readonly string[];
  readonly groups: readonly string[];
  /** The resource can have a public address (internet-facing ALB, public IP, publicly accessible). */
  readonly publicAddress: boolean;
}

/** The answer to "can A open a TCP connection to B on port P", with the rules that allow it. */
export interface Reach {
  readonly reachable: boolean;
  readonly rules: readonly SgRule[];
  readonly why: string;
}

/** A comma-separated string or a list, as templates write subnet and group ids. */
const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map(String) : String(v).split(',').filter(Boolean);

const WORLD = ['0.0.0.0/0', '::/0'];

/** The network of one stage. */
export class NetworkModel {
  readonly rules: readonly SgRule[];
  private readonly subnetCidr = new Map<string, string>();
  private readonly subnetRouteTable = new Map<string, string>();
  private readonly defaultRoutes = new Map<string, 'igw' | 'nat'>();

  constructor(readonly model: StageModel) {
    for (const subnet of model.ofType('AWS::EC2::Subnet')) {
      this.subnetCidr.set(String(model.ref(subnet)), String(model.props(subnet).CidrBlock));
    }
    for (const a of model.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
      const p = model.props(a);
      this.subnetRouteTable.set(String(p.SubnetId), String(p.RouteTableId));
    }
    for (const route of model.ofType('AWS::EC2::Route')) {
      const p = model.props(route);
      if (p.DestinationCidrBlock !== '0.0.0.0/0') continue;
      if (p.NatGatewayId !== undefined) this.defaultRoutes.set(String(p.RouteTableId), 'nat');
      else if (String(p.GatewayId ?? '').startsWith('igw-'))
        this.defaultRoutes.set(String(p.RouteTableId), 'igw');
    }
    this.rules = securityGroupRules(model);
  }

  /** Where a resource's network interfaces are. */
  placement(resource: ModelResource): Placement {
    const { model } = this;
    const p = model.props(resource);
    const subnetGroup = (type: string, name: unknown) => {
      const group = model.ofType(type).find((g) => model.ref(g) === name);
      return group ? list(model.props(group).SubnetIds) : [];
    };
    switch (resource.type) {
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        return {
          resource,
          subnets: list(p.Subnets),
          groups: list(p.SecurityGroups),
          publicAddress: p.Scheme === 'internet-facing',
        };
      case 'AWS::ECS::Service': {
        const vpc = (p.NetworkConfiguration as { AwsvpcConfiguration: Record<string, unknown> })
          .AwsvpcConfiguration;
        return {
          resource,
          subnets: list(vpc.Subnets),
          groups: list(vpc.SecurityGroups),
          publicAddress: vpc.AssignPublicIp === 'ENABLED',
        };
      }
      case 'AWS::Lambda::Function': {
        const vpc = (p.VpcConfig ?? {}) as Record<string, unknown>;
        return {
          resource,
          subnets: list(vpc.SubnetIds),
          groups: list(vpc.SecurityGroupIds),
          publicAddress: false,
        };
      }
      case 'AWS::RDS::DBProxy':
        return {
          resource,
          subnets: list(p.VpcSubnetIds),
          groups: list(p.VpcSecurityGroupIds),
          publicAddress: false,
        };
      case 'AWS::RDS::DBInstance':
        return {
          resource,
          subnets: subnetGroup('AWS::RDS::DBSubnetGroup', p.DBSubnetGroupName),
          groups: list(p.VPCSecurityGroups),
          publicAddress: p.PubliclyAccessible === true || p.PubliclyAccessible === 'true',
        };
      case 'AWS::ElastiCache::ReplicationGroup':
        return {
          resource,
          subnets: subnetGroup('AWS::ElastiCache::SubnetGroup', p.CacheSubnetGroupName),
          groups: list(p.SecurityGroupIds),
          publicAddress: false,
        };
      case 'AWS::SecretsManager::RotationSchedule': {
        const hosted = (p.HostedRotationLambda ?? {}) as Record<string, unknown>;
        return {
          resource,
          subnets: list(hosted.VpcSubnetIds),
          groups: list(hosted.VpcSecurityGroupIds),
          publicAddress: false,
        };
      }
      case 'AWS::EFS::FileSystem': {
        const targets = model.ofType('AWS::EFS::MountTarget').map((t) => model.props(t));
        const own = targets.filter((t) => t.FileSystemId === model.ref(resource));
        return {
          resource,
          subnets: own.map((t) => String(t.SubnetId)),
          groups: [...new Set(own.flatMap((t) => list(t.SecurityGroups)))],
          publicAddress: false,
        };
      }
      case 'AWS::EC2::VPCEndpoint':
        return {
          resource,
          subnets: list(p.SubnetIds),
          groups: list(p.SecurityGroupIds),
          publicAddress: false,
        };
      default:
        throw new Error(`${resource.path}: ${resource.type} has no network interfaces in this model`);
    }
  }

  /** Every resource of the stage with network interfaces in the VPC. */
  placements(): Placement[] {
    const types = [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ECS::Service',
      'AWS::Lambda::Function',
      'AWS::RDS::DBProxy',
      'AWS::RDS::DBInstance',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::EFS::FileSystem',
    ];
    return this.model.resources
      .filter((r) => types.includes(r.type))
      .map((r) => this.placement(r))
      .filter((p) => p.subnets.length > 0);
  }

  /** CIDRs of a placement's subnets. */
  cidrs(placement: Placement): string[] {
    return placement.subnets.map((s) => {
      const cidr = this.subnetCidr.get(s);
      if (!cidr) throw new Error(`${placement.resource.path}: subnet ${s} is not in the stage`);
      return cidr;
    });
  }

  /** Whether every subnet of a placement routes 0.0.0.0/0 to the given kind of gateway. */
  routesDefaultTo(placement: Placement, kind: 'igw' | 'nat'): boolean {
    return placement.subnets.every(
      (s) => this.defaultRoutes.get(this.subnetRouteTable.get(s) ?? '') === kind,
    );
  }

  /** Route tables of a placement's subnets. */
  routeTables(placement: Placement): string[] {
    return placement.subnets.map((s) => this.subnetRouteTable.get(s) ?? '');
  }

  private matches(rule: SgRule, port: number): boolean {
    return (
      (rule.protocol === 'tcp' || rule.protocol === '6' || rule.protocol === '-1') &&
      (rule.protocol === '-1' || (rule.from <= port && port <= rule.to))
    );
  }

  /** The egress rule of `from` letting a connection out to `to` on `port`, if any. */
  private egress(from: Placement, to: Placement | 'world', port: number): SgRule | undefined {
    return this.rules.find(
      (r) =>
        r.direction === 'egress' &&
        from.groups.includes(r.group) &&
        this.matches(r, port) &&
        (to === 'world'
          ? r.cidr !== undefined && WORLD.includes(r.cidr)
          : (r.peerGroup !== undefined && to.groups.includes(r.peerGroup)) ||
            (r.cidr !== undefined && this.cidrs(to).every((c) => cidrContains(r.cidr!, c)))),
    );
  }

  /** The ingress rule of `to` admitting a connection from `from` on `port`, if any. */
  private ingress(from: Placement | 'internet', to: Placement, port: number): SgRule | undefined {
    return this.rules.find(
      (r) =>
        r.direction === 'ingress' &&
        to.groups.includes(r.group) &&
        this.matches(r, port) &&
        (from === 'internet'
          ? r.cidr !== undefined && WORLD.includes(r.cidr)
          : (r.peerGroup !== undefined && from.groups.includes(r.peerGroup)) ||
            (r.cidr !== undefined && this.cidrs(from).every((c) => cidrContains(r.cidr!, c)))),
    );
  }

  /** Can `from` open a TCP connection to `to` on `port`? */
  reach(from: Placement | 'internet', to: Placement, port: number): Reach {
    const name = (p: Placement | 'internet') => (p === 'internet' ? 'the internet' : p.resource.path);
    if (from === 'internet') {
      if (!to.publicAddress) return { reachable: false, rules: [], why: `${name(to)} has no public address` };
      if (!this.routesDefaultTo(to, 'igw')) {
        return {
          reachable: false,
          rules: [],
          why: `${name(to)} is not in subnets routed to an internet gateway`,
        };
      }
      const rule = this.ingress('internet', to, port);
      return rule
        ? { reachable: true, rules: [rule], why: `admitted by ${rule.label}` }
        : {
            reachable: false,
            rules: [],
            why: `no ingress rule of ${to.groups.join(', ')} admits 0.0.0.0/0 on ${port}`,
          };
    }
    const out = this.egress(from, to, port);
    const into = this.ingress(from, to, port);
    if (out && into)
      return { reachable: true, rules: [out, into], why: `out by ${out.label}, in by ${into.label}` };
    const missing = [
      ...(out ? [] : [`no egress rule of ${from.groups.join(', ')} (${name(from)}) lets ${port} out to it`]),
      ...(into
        ? []
        : [`no ingress rule of ${to.groups.join(', ')} (${name(to)}) admits ${name(from)} on ${port}`]),
    ];
    return {
      reachable: false,
      rules: [out, into].filter((r): r is SgRule => r !== undefined),
      why: missing.join('; '),
    };
  }

  /**
   * Can `from` reach an AWS service's API over HTTPS? With an interface endpoint of the service in
   * the VPC with private DNS, the name resolves to it: it must be reachable. Otherwise a gateway
   * endpoint on every route table of `from`'s subnets, or a NAT route, with egress 443 to the world.
   */
  reachApi(from: Placement, service: string): Reach {
    const { model } = this;
    const serviceName = `com.amazonaws.${model.env.region}.${service}`;
    const endpoints = model
      .ofType('AWS::EC2::VPCEndpoint')
      .filter((e) => model.props(e).ServiceName === serviceName);
    const iface = endpoints.find((e) => (model.props(e).VpcEndpointType ?? 'Gateway') === 'Interface');
    if (iface && model.props(iface).PrivateDnsEnabled === true) {
      const r = this.reach(from, this.placement(iface), 443);
      return { ...r, why: `${service} through interface endpoint ${iface.path}: ${r.why}` };
    }
    const gateway = endpoints.find((e) => (model.props(e).VpcEndpointType ?? 'Gateway') === 'Gateway');
    const out = this.egress(from, 'world', 443);
    if (
      gateway &&
      this.routeTables(from).every((t) => list(model.props(gateway).RouteTableIds).includes(t)) &&
      out
    ) {
      return {
        reachable: true,
        rules: [out],
        why: `${service} through gateway endpoint ${gateway.path}, out by ${out.label}`,
      };
    }
    if (this.routesDefaultTo(from, 'nat') && out) {
      return {
        reachable: true,
        rules: [out],
        why: `${service} through the NAT gateways, out by ${out.label}`,
      };
    }
    return {
      reachable: false,
      rules: [],
      why: `${service}: no interface endpoint with private DNS, no gateway endpoint on its route tables, ${
        this.routesDefaultTo(from, 'nat') ? 'a NAT route but no egress 443 to 0.0.0.0/0' : 'no NAT route'
      }`,
    };
  }

  /** Can `from` open a TCP connection to any host on the internet on `port` (NAT, or a public address)? */
  reachInternet(from: Placement, port: number): Reach {
    const out = this.egress(from, 'world', port);
    const route = this.routesDefaultTo(from, 'nat')
      ? 'the NAT gateways'
      : from.publicAddress && this.routesDefaultTo(from, 'igw')
        ? 'the internet gateway'
        : undefined;
    if (out && route) return { reachable: true, rules: [out], why: `through ${route}, out by ${out.label}` };
    return {
      reachable: false,
      rules: out ? [out] : [],
      why: [
        ...(route ? [] : ['its subnets have no route to a NAT gateway (nor a public address)']),
        ...(out ? [] : [`no egress rule of ${from.groups.join(', ')} lets ${port} out to 0.0.0.0/0`]),
      ].join('; '),
    };
  }
}
