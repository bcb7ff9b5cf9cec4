import { z } from 'zod';
import { cidr, intIn, retentionDays, section } from '../fields';
import { isPrivate, parseCidr, size } from '../cidr';
import { type Ctx, problem, type StageFacts, WHY } from '../section-rules';
import { MIN_PRODUCTION_LOG_DAYS } from '../../contracts/production-floors';

/** Network tier: the VPC and its three subnet tiers. */
export const networkSchema = section({
  /** VPC IPv4 CIDR, an RFC 1918 block from /16 to /24. */
  cidr: cidr(),
  /** Number of Availability Zones (2 or 3). */
  maxAzs: intIn(2, 3, 'AZs').default(2),
  /** NAT gateways (0 only where nothing needs the internet; production needs >= 2). */
  natGateways: intIn(0, 3, 'NAT gateways').default(1),
  /** Subnet prefix length of each tier, per AZ. */
  subnetMasks: section({
    public: intIn(16, 28, '(prefix length)').default(24),
    private: intIn(16, 28, '(prefix length)').default(22),
    isolated: intIn(16, 28, '(prefix length)').default(24),
  }).default({ public: 24, private: 22, isolated: 24 }),
  /** VPC flow log retention. */
  flowLogRetentionDays: retentionDays().default(90),
});

export type NetworkConfig = z.output<typeof networkSchema>;

/** Subnet arithmetic and NAT count. */
export function checkNetwork(network: NetworkConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production && network.flowLogRetentionDays < MIN_PRODUCTION_LOG_DAYS) {
    problem(
      ctx,
      ['flowLogRetentionDays'],
      `must be at least ${MIN_PRODUCTION_LOG_DAYS} days ${WHY} (LEG-01), got ${network.flowLogRetentionDays}`,
    );
  }
  if (stage.production && network.natGateways < 2)
    problem(ctx, ['natGateways'], `must be at least 2 ${WHY}, got ${network.natGateways}`);
  const vpc = parseCidr(network.cidr);
  if (!vpc) return;
  if (vpc.prefix < 16 || vpc.prefix > 24) {
    problem(ctx, ['cidr'], `must have a prefix from /16 to /24 (AWS VPC limits), got /${vpc.prefix}`);
    return;
  }
  if (!isPrivate(vpc)) {
    problem(ctx, ['cidr'], `must be inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, got ${network.cidr}`);
  }
  if (network.natGateways > network.maxAzs) {
    problem(
      ctx,
      ['natGateways'],
      `must be at most network.maxAzs (${network.maxAzs}), got ${network.natGateways}`,
    );
  }
  const tiers = ['public', 'private', 'isolated'] as const;
  for (const tier of tiers) {
    const mask = network.subnetMasks[tier];
    if (mask <= vpc.prefix) {
      problem(
        ctx,
        ['subnetMasks', tier],
        `must be a longer prefix than the VPC's /${vpc.prefix} (subnets are carved out of it), got /${mask}`,
      );
      return;
    }
    if (mask > 28) problem(ctx, ['subnetMasks', tier], `must be /28 or larger (AWS minimum), got /${mask}`);
  }
  // Allocate as CDK does (tier by tier, AZ by AZ, each block aligned to its size): if the blocks
  // run past the VPC they would overlap or not exist at all.
  let cursor = vpc.base;
  for (const tier of tiers) {
    const block = 2 ** (32 - network.subnetMasks[tier]);
    for (let az = 0; az < network.maxAzs; az++) {
      cursor = Math.ceil(cursor / block) * block + block;
    }
  }
  const needed = cursor - vpc.base;
  if (needed > size(vpc)) {
    problem(
      ctx,
      ['subnetMasks'],
      `subnets do not fit in ${network.cidr}: ${network.maxAzs} AZs × (public /${network.subnetMasks.public}, ` +
        `private /${network.subnetMasks.private}, isolated /${network.subnetMasks.isolated}) need ${needed} addresses, ` +
        `the VPC has ${size(vpc)}; use longer subnet prefixes or a larger VPC`,
    );
  }
}
