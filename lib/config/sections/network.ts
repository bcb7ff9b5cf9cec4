import { z } from 'zod';
import { cidr, intIn, retentionDays, section } from '../fields';

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
