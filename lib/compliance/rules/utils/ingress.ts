import type { CfnResource } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { type Resolved, asArray, isRecord, resolve, toNumber } from './values';
import { referencedResources } from './references';

/** One ingress permission, whether inline on a security group or a separate SecurityGroupIngress. */
export interface IngressEntry {
  readonly group: CfnSecurityGroup | undefined;
  readonly rule: { [key: string]: Resolved };
}

/** The ingress entries a node declares (inline rules of a group, or one standalone ingress). */
export function ingressEntries(node: CfnResource): IngressEntry[] | undefined {
  if (node instanceof CfnSecurityGroup) {
    return asArray(resolve(node, node.securityGroupIngress))
      .filter(isRecord)
      .map((rule) => ({ group: node, rule }));
  }
  if (node instanceof CfnSecurityGroupIngress) {
    const group = referencedResources(node, node.groupId).find((r) => r instanceof CfnSecurityGroup);
    const rule = resolve(node, {
      ipProtocol: node.ipProtocol,
      fromPort: node.fromPort,
      toPort: node.toPort,
      cidrIp: node.cidrIp,
      cidrIpv6: node.cidrIpv6,
      sourcePrefixListId: node.sourcePrefixListId,
      sourceSecurityGroupId: node.sourceSecurityGroupId,
      sourceSecurityGroupName: node.sourceSecurityGroupName,
    });
    return [{ group: group as CfnSecurityGroup | undefined, rule: isRecord(rule) ? rule : {} }];
  }
  return undefined;
}

/** Open to the whole internet: `0.0.0.0/0` or `::/0`. */
export function isWorldOpen(rule: { [key: string]: Resolved }): boolean {
  return (
    (typeof rule.cidrIp === 'string' && rule.cidrIp.trim().endsWith('/0')) ||
    (typeof rule.cidrIpv6 === 'string' && rule.cidrIpv6.trim().endsWith('/0'))
  );
}

function isAllProtocols(rule: { [key: string]: Resolved }): boolean {
  return rule.ipProtocol === '-1' || rule.ipProtocol === -1 || rule.ipProtocol === 'all';
}

function isTcp(rule: { [key: string]: Resolved }): boolean {
  return rule.ipProtocol === 'tcp' || rule.ipProtocol === '6' || rule.ipProtocol === 6;
}

/** Whether the entry lets TCP traffic reach `port`. */
export function coversPort(rule: { [key: string]: Resolved }, port: number): boolean {
  if (isAllProtocols(rule)) return true;
  if (!isTcp(rule)) return false;
  const from = toNumber(rule.fromPort);
  const to = toNumber(rule.toPort);
  if (from === undefined || to === undefined || from === -1 || to === -1) return true;
  return from <= port && port <= to;
}

/** Exactly one TCP port, 80 or 443. */
export function isSingleWebPort(rule: { [key: string]: Resolved }): boolean {
  if (!isTcp(rule)) return false;
  const from = toNumber(rule.fromPort);
  return from !== undefined && from === toNumber(rule.toPort) && (from === 80 || from === 443);
}
