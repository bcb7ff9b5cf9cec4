import type { ShipshapeConfigInput } from '../lib/config';
import { shared } from './shared';

/** Staging: production-shaped (Multi-AZ, two NAT gateways) with shorter retention. */
export const staging: ShipshapeConfigInput = {
  stage: { name: 'staging', production: false },
  account: '222222222222',
  region: 'eu-west-1',
  network: { cidr: '10.20.0.0/16', maxAzs: 2, natGateways: 2, flowLogRetentionDays: 90 },
  domain: { domainName: 'api.staging.example.com', hostedZoneId: 'Z0STAGING000000000001' },
  database: {
    instanceClass: 'db.t4g.medium',
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 7,
  },
  cache: { nodeType: 'cache.t4g.small', nodes: 2, multiAz: true, snapshotRetentionDays: 3 },
  service: {
    ...shared.service,
    cpu: 512,
    memoryMiB: 1024,
    desiredCount: 2,
    minCount: 2,
    maxCount: 4,
    appEnvironment: 'staging',
    corsOrigins: ['https://app.staging.example.com'],
    // A persistent volume (DOCK-02) for the model artifacts the retraining task writes: staging
    // runs it, so the file system, its mount, its access point and its backups are synthesized
    // and checked by every engine.
    efs: { enabled: true, mountPath: '/mnt/models' },
  },
  // The documented load test (docs/deploy.md, PERF-01) runs from the CI load generator, which the
  // WAF's per-IP rate rule does not count here; production rate-limits everyone.
  edge: { loadTestAllowList: { name: 'loadtest-runners', cidrs: ['203.0.113.10/32', '203.0.113.11/32'] } },
  // The CDN for static assets and the admin dashboard (PERF-03): staging runs it, so its stacks
  // (us-east-1 certificate and WAF, the distribution and its bucket) are synthesized and checked.
  cdn: { enabled: true, domainName: 'static.staging.example.com' },
  alerts: { emails: ['staging-alerts@example.com'], webhooks: [{ name: 'staging-slack', format: 'slack' }] },
  retention: { logDays: 90, dailyBackupDays: 14, monthlyBackupDays: 90 },
  tags: { 'shipshape:environment': 'staging' },
};
