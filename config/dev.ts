import type { ShipshapeConfigInput } from '../lib/config';
import { shared } from './shared';

/** Development: single AZ data tier, one NAT gateway, short retention, no deletion protection. */
export const dev: ShipshapeConfigInput = {
  stage: { name: 'dev', production: false },
  account: '111111111111',
  region: 'eu-west-1',
  network: { cidr: '10.10.0.0/16', maxAzs: 2, natGateways: 1, flowLogRetentionDays: 30 },
  domain: { domainName: 'api.dev.example.com', hostedZoneId: 'Z0DEV0000000000000001' },
  database: {
    instanceClass: 'db.t4g.medium',
    multiAz: false,
    deletionProtection: false,
    backupRetentionDays: 3,
  },
  cache: { nodeType: 'cache.t4g.micro', nodes: 1, multiAz: false, snapshotRetentionDays: 1 },
  service: {
    ...shared.service,
    cpu: 256,
    memoryMiB: 512,
    desiredCount: 1,
    minCount: 1,
    maxCount: 2,
    appEnvironment: 'development',
    logLevel: 'debug',
    corsOrigins: ['https://app.dev.example.com', 'http://localhost:3000'],
  },
  alerts: { emails: ['dev-alerts@example.com'] },
  retention: { logDays: 30, dailyBackupDays: 7, monthlyBackupDays: 0 },
  rotation: { apiKeyDays: 30, cacheUserDays: 30 },
  tags: { 'shipshape:environment': 'dev' },
};
