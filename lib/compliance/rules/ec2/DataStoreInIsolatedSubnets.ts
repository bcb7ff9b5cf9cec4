import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnRoute, CfnSubnet, CfnSubnetRouteTableAssociation } from 'aws-cdk-lib/aws-ec2';
import { CfnSubnetGroup as CfnCacheSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBSubnetGroup } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, resolve } from '../utils/values';
import { referencedResources, refersTo } from '../utils/references';
import { resourcesInStage } from '../utils/resources';

function isDefaultRoute(route: CfnRoute): boolean {
  return (
    resolve(route, route.destinationCidrBlock) === '0.0.0.0/0' ||
    resolve(route, route.destinationIpv6CidrBlock) === '::/0'
  );
}

/** A subnet is isolated when it maps no public IP and none of its route tables has a default route. */
function isIsolated(subnet: CfnSubnet): boolean {
  if (isTrue(resolve(subnet, subnet.mapPublicIpOnLaunch))) return false;
  const stage = resourcesInStage(subnet);
  const tables = stage
    .filter((r): r is CfnSubnetRouteTableAssociation => r instanceof CfnSubnetRouteTableAssociation)
    .filter((a) => refersTo(a, a.subnetId, subnet))
    .flatMap((a) => referencedResources(a, a.routeTableId));
  return !stage.some(
    (r) =>
      r instanceof CfnRoute &&
      isDefaultRoute(r) &&
      tables.some((table) => refersTo(r, r.routeTableId, table)),
  );
}

/**
 * Databases and caches live in isolated subnets: every subnet of an RDS DB subnet group or an
 * ElastiCache subnet group that the app defines (`AWS::EC2::Subnet` of the Stage, followed through
 * cross-stack exports) maps no public IP and has no default route (`0.0.0.0/0` or `::/0` to an
 * internet gateway, NAT gateway or anything else). Subnets given as literal ids (an imported VPC)
 * cannot be inspected and are skipped. DB-01, SEC-11.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    let subnetIds: unknown;
    if (node instanceof CfnDBSubnetGroup) subnetIds = node.subnetIds;
    else if (node instanceof CfnCacheSubnetGroup) subnetIds = node.subnetIds;
    else return NagRuleCompliance.NOT_APPLICABLE;
    const subnets = referencedResources(node, subnetIds).filter(
      (r): r is CfnSubnet => r instanceof CfnSubnet,
    );
    return subnets.every(isIsolated) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
