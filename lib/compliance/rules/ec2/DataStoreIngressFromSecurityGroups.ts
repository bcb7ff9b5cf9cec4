import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import type { CfnSecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { CfnCacheCluster, CfnReplicationGroup, CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBCluster, CfnDBInstance, CfnDBProxy } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';
import { refersTo } from '../utils/references';
import { resourcesInStage } from '../utils/resources';
import { coversPort, ingressEntries } from '../utils/ingress';

/** PostgreSQL and Redis/Valkey default ports. */
export const DATA_STORE_PORTS = [5432, 6379];

function guardsDataStore(group: CfnSecurityGroup): boolean {
  return resourcesInStage(group).some((r) => {
    if (r instanceof CfnDBInstance) return refersTo(r, r.vpcSecurityGroups, group);
    if (r instanceof CfnDBCluster || r instanceof CfnDBProxy || r instanceof CfnCacheCluster) {
      return refersTo(r, r.vpcSecurityGroupIds, group);
    }
    if (r instanceof CfnReplicationGroup || r instanceof CfnServerlessCache) {
      return refersTo(r, r.securityGroupIds, group);
    }
    return false;
  });
}

/**
 * Database and cache ingress comes from security groups only (`SourceSecurityGroupId`), never from a
 * CIDR or prefix list. An ingress entry is a data-store entry when its group is attached to an RDS
 * instance/cluster/proxy or an ElastiCache cluster/replication group/serverless cache of the Stage, or
 * when it opens TCP 5432 or 6379 (port ranges and all-traffic entries included). SEC-10.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const entries = ingressEntries(node);
    if (entries === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    let dataStoreGroup: boolean | undefined;
    for (const { group, rule } of entries) {
      const fromCidr =
        rule.cidrIp !== undefined || rule.cidrIpv6 !== undefined || rule.sourcePrefixListId !== undefined;
      if (!fromCidr && rule.sourceSecurityGroupId !== undefined) continue;
      if (DATA_STORE_PORTS.some((port) => coversPort(rule, port))) return NagRuleCompliance.NON_COMPLIANT;
      if (group !== undefined) {
        dataStoreGroup ??= guardsDataStore(group);
        if (dataStoreGroup) return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
