import { z } from 'zod';
import { AWS_REGIONS } from './allowed-values';
import { bool, matching, oneOf, section } from './fields';
import type { StageFacts } from './section-rules';
import { alertsSchema, checkAlerts } from './sections/alerts';
import { cacheSchema, checkCache } from './sections/cache';
import { cdnSchema, checkCdn } from './sections/cdn';
import { checkContacts, contactsSchema } from './sections/contacts';
import { checkDatabase, databaseSchema } from './sections/database';
import { checkDomain, domainSchema } from './sections/domain';
import { checkEdge, checkLoadTestAllowList, edgeSchema } from './sections/edge';
import { checkMonitoring, monitoringSchema } from './sections/monitoring';
import { checkNetwork, networkSchema } from './sections/network';
import { checkRetention, retentionSchema } from './sections/retention';
import { checkRotation, rotationSchema } from './sections/rotation';
import { checkService, serviceSchema } from './sections/service';
import { tagsSchema } from './sections/tags';

/**
 * The schema of one environment, with each section's cross-field rules (and production invariants)
 * attached to that section, so a section that parses is checked even when another section has
 * errors: one run reports every problem.
 */
export function configSchemaFor(stage: StageFacts) {
  return section({
    /** Stage identity. `production: true` switches on the production invariants. */
    stage: section({
      name: matching(/^[a-z][a-z0-9-]{1,20}$/, 'a lower-case stage name such as "prod"'),
      production: bool(),
    }),
    /** AWS account id (12 digits). */
    account: matching(/^\d{12}$/, 'a 12-digit AWS account id'),
    /** AWS region. */
    region: oneOf(AWS_REGIONS, 'an AWS region:'),
    network: networkSchema.superRefine((v, ctx) => checkNetwork(v, ctx, stage)),
    domain: domainSchema.superRefine((v, ctx) => checkDomain(v, ctx, stage)),
    database: databaseSchema.prefault({}).superRefine((v, ctx) => checkDatabase(v, ctx, stage)),
    cache: cacheSchema.prefault({}).superRefine((v, ctx) => checkCache(v, ctx, stage)),
    service: serviceSchema.superRefine((v, ctx) => checkService(v, ctx, stage)),
    edge: edgeSchema
      .prefault({})
      .superRefine((v, ctx) => checkEdge(v, ctx))
      .superRefine((v, ctx) => checkLoadTestAllowList(v, ctx, stage)),
    alerts: alertsSchema.prefault({}).superRefine((v, ctx) => checkAlerts(v, ctx)),
    retention: retentionSchema.prefault({}).superRefine((v, ctx) => checkRetention(v, ctx, stage)),
    rotation: rotationSchema.prefault({}).superRefine((v, ctx) => checkRotation(v, ctx, stage)),
    monitoring: monitoringSchema.prefault({}).superRefine((v, ctx) => checkMonitoring(v, ctx)),
    /** Support contacts, escalation path and production sign-off. */
    contacts: contactsSchema.prefault({}).superRefine((v, ctx) => checkContacts(v, ctx, stage)),
    /** Optional CloudFront distribution for static assets and the admin dashboard (PERF-03). */
    cdn: cdnSchema.prefault({}).superRefine((v, ctx) => checkCdn(v, ctx, stage)),
    tags: tagsSchema,
  });
}

/** Reads what the section rules need from raw input, before anything is parsed. */
export function stageFacts(input: unknown): StageFacts {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const stage = (typeof raw.stage === 'object' && raw.stage !== null ? raw.stage : {}) as Record<
    string,
    unknown
  >;
  return {
    // Anything but an explicit false is treated as production for the invariants: a typo must
    // never relax them. (A non-boolean is reported as its own error.)
    production: stage.production !== false,
    region: typeof raw.region === 'string' ? raw.region : undefined,
    account: typeof raw.account === 'string' ? raw.account : undefined,
    ...domainFacts(raw.domain),
  };
}

/** What the CDN section needs to know of `domain` (its zone and the API's name). */
function domainFacts(input: unknown): Pick<StageFacts, 'hostedZoneId' | 'apiDomainName'> {
  const domain = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return {
    hostedZoneId: typeof domain.hostedZoneId === 'string' ? domain.hostedZoneId : undefined,
    apiDomainName: typeof domain.domainName === 'string' ? domain.domainName : undefined,
  };
}

type ConfigSchema = ReturnType<typeof configSchemaFor>;
/** Config as written in config/<env>.ts (defaults may be omitted). */
export type ShipshapeConfigInput = z.input<ConfigSchema>;
/** Config after validation, every default filled in. */
export type ShipshapeConfig = z.output<ConfigSchema>;
