import type { ModelResource, StageModel } from '../cfn/stage-model';

/*
 * The security group rules of a stage's templates (inline and standalone), and copies without one
 * rule for negative controls.
 */

/** One security group rule, and where it lives in the templates (for negative controls). */
export interface SgRule {
  readonly direction: 'ingress' | 'egress';
  /** Group the rule belongs to. */
  readonly group: string;
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  /** Peer: a CIDR, a security group id, or a prefix list. */
  readonly cidr?: string;
  readonly peerGroup?: string;
  readonly prefixList?: string;
  /**
   * The template resource holding it; `index` when inline in the group's list (-1: AWS's default
   * egress of a group that has no egress rule at all).
   */
  readonly holder: ModelResource;
  readonly index?: number;
  readonly label: string;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Whether CIDR `inner` lies within CIDR `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [oIp, oLen] = outer.split('/') as [string, string];
  const [iIp, iLen] = inner.split('/') as [string, string];
  if (outer.includes(':') || inner.includes(':')) return outer === '::/0';
  if (Number(iLen) < Number(oLen)) return false;
  const size = 2 ** (32 - Number(oLen));
  return Math.floor(ipToInt(iIp) / size) === Math.floor(ipToInt(oIp) / size);
}

/** Every security group rule of the stage. */
export function securityGroupRules(model: StageModel): SgRule[] {
  const rules: SgRule[] = [];
  const port = (v: unknown, fallback: number) => (v === undefined ? fallback : Number(v));
  const rule = (
    direction: SgRule['direction'],
    group: string,
    raw: Record<string, unknown>,
    holder: ModelResource,
    index?: number,
  ): SgRule => {
    const protocol = String(raw.IpProtocol ?? '-1');
    const peerGroup = (
      direction === 'ingress' ? raw.SourceSecurityGroupId : raw.DestinationSecurityGroupId
    ) as string | undefined;
    const prefixList = (direction === 'ingress' ? raw.SourcePrefixListId : raw.DestinationPrefixListId) as
      | string
      | undefined;
    const cidr = (raw.CidrIp ?? raw.CidrIpv6) as string | undefined;
    const from = port(raw.FromPort, 0);
    const to = port(raw.ToPort, 65535);
    return {
      direction,
      group,
      protocol,
      from,
      to,
      ...(cidr ? { cidr } : {}),
      ...(peerGroup ? { peerGroup } : {}),
      ...(prefixList ? { prefixList } : {}),
      holder,
      ...(index !== undefined ? { index } : {}),
      label: `${direction} ${protocol === '-1' ? 'all' : `${from}-${to}`} ${cidr ?? peerGroup ?? prefixList} of ${holder.path}${index !== undefined ? `[${index}]` : ''}`,
    };
  };
  const standaloneEgress = new Set(
    model.ofType('AWS::EC2::SecurityGroupEgress').map((r) => String(model.props(r).GroupId)),
  );
  for (const sg of model.ofType('AWS::EC2::SecurityGroup')) {
    const p = model.props(sg);
    const id = String(model.ref(sg));
    const ingress = (p.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? [];
    for (const [i, r] of ingress.entries()) rules.push(rule('ingress', id, r, sg, i));
    const egress = (p.SecurityGroupEgress as Record<string, unknown>[] | undefined) ?? [];
    // A group without egress rules keeps AWS's default, all traffic out; CloudFormation removes it
    // once the group has one (inline, or a standalone AWS::EC2::SecurityGroupEgress).
    if (egress.length === 0 && !standaloneEgress.has(id))
      rules.push(rule('egress', id, { CidrIp: '0.0.0.0/0', IpProtocol: '-1' }, sg, -1));
    for (const [i, r] of egress.entries()) rules.push(rule('egress', id, r, sg, i));
  }
  for (const r of model.ofType('AWS::EC2::SecurityGroupIngress')) {
    const p = model.props(r);
    rules.push(rule('ingress', String(p.GroupId), p, r));
  }
  for (const r of model.ofType('AWS::EC2::SecurityGroupEgress')) {
    const p = model.props(r);
    rules.push(rule('egress', String(p.GroupId), p, r));
  }
  return rules;
}

/** A copy of the stage without one security group rule (a negative control). */
export function withoutRule(model: StageModel, rule: SgRule): StageModel {
  if (rule.index === undefined) return model.withoutResource(rule.holder);
  const property = rule.direction === 'ingress' ? 'SecurityGroupIngress' : 'SecurityGroupEgress';
  return model.withChangedProps(rule.holder, (props) => {
    // index -1: AWS's default egress of a group without egress rules (not in the template).
    const rules = (props[property] ?? []) as unknown[];
    props[property] = rules;
    if (rule.index! >= 0) rules.splice(rule.index!, 1);
    // An empty egress list means AWS's default (all out); CDK writes this rule to allow nothing.
    if (rules.length === 0 && property === 'SecurityGroupEgress') {
      rules.push({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 });
    }
  });
}
