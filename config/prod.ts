import type { ShipshapeConfigInput } from '../lib/config';
import { shared } from './shared';

/** Production: every production invariant of lib/config applies (stage.production = true). */
export const prod: ShipshapeConfigInput = {
  stage: { name: 'prod', production: true },
  account: '333333333333',
  region: 'eu-west-1',
  network: { cidr: '10.30.0.0/16', maxAzs: 3, natGateways: 3, flowLogRetentionDays: 365 },
  domain: { domainName: 'api.example.com', hostedZoneId: 'Z0PROD000000000000001' },
  database: {
    instanceClass: 'db.r7g.large',
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 1000,
    multiAz: true,
    deletionProtection: true,
    backupRetentionDays: 14,
    performanceInsightsRetentionDays: 7,
  },
  cache: { nodeType: 'cache.m7g.large', nodes: 2, multiAz: true, snapshotRetentionDays: 15 },
  service: {
    ...shared.service,
    // Continuous scanning (Amazon Inspector): an image already running is rescanned for new CVEs.
    image: { ...shared.service.image, scanning: 'enhanced' },
    cpu: 1024,
    memoryMiB: 2048,
    desiredCount: 3,
    minCount: 3,
    maxCount: 12,
    appEnvironment: 'production',
    debug: false,
    authEnabled: true,
    logLevel: 'info',
    corsOrigins: ['https://app.example.com'],
  },
  edge: { tlsPolicy: 'tls12', wafRateLimit: 2000 },
  alerts: {
    emails: ['oncall@example.com'],
    webhooks: [{ name: 'oncall-slack', format: 'slack' }],
  },
  retention: { logDays: 365, dailyBackupDays: 35, monthlyBackupDays: 365 },
  rotation: { apiKeyDays: 30, cacheUserDays: 30 },
  contacts: {
    people: {
      onCall: { name: 'API on-call rota', email: 'oncall@example.com', phone: '+441632960001' },
      technicalLead: { name: 'Technical lead', email: 'tech-lead@example.com', phone: '+441632960002' },
      devops: { name: 'DevOps lead', email: 'devops@example.com' },
      security: { name: 'Security team', email: 'security@example.com' },
      productOwner: { name: 'Product owner', email: 'product@example.com' },
    },
    // The seeds' path: on-call immediately, technical lead within 1 h, security and DevOps within 4 h.
    escalation: [
      { afterMinutes: 0, notify: ['onCall'] },
      { afterMinutes: 60, notify: ['technicalLead'] },
      { afterMinutes: 240, notify: ['devops', 'security'] },
    ],
    signOff: { approvers: ['technicalLead', 'security', 'devops', 'productOwner'] },
  },
  tags: { 'shipshape:environment': 'prod' },
};
