import { z } from 'zod';
import {
  CACHE_ENGINE_VERSIONS,
  CACHE_NODE_FAMILIES,
  DB_INSTANCE_FAMILIES,
  FARGATE_SIZES,
  SECRET_NAME_PATTERN,
} from './allowed-values';
import { RESERVED_ENV_VARS } from '../contracts/container-variables';
import { DATABASE_MASTER_USERNAME, rotationCloneOf } from '../contracts/database-roles';
import {
  MAX_ROTATION_DAYS,
  MIN_PRODUCTION_BACKUP_DAYS,
  MIN_PRODUCTION_DAILY_BACKUP_DAYS,
  MIN_PRODUCTION_LOG_DAYS,
} from '../contracts/production-floors';
import { isPrivate, parseCidr, size } from './cidr';
import type { CacheConfig } from './sections/cache';
import type { DatabaseConfig } from './sections/database';
import type { DomainConfig } from './sections/domain';
import type { EdgeConfig } from './sections/edge';
import type { NetworkConfig } from './sections/network';
import type { AlertsConfig, MonitoringConfig, RetentionConfig, RotationConfig } from './sections/operations';
import type { ServiceConfig } from './sections/service';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function problem(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** What a section's rules need to know about the stage it belongs to (read before parsing). */
export interface StageFacts {
  /** stage.production: switches on the production invariants. */
  readonly production: boolean;
  /** The stage's region and account, when they are valid strings. */
  readonly region?: string;
  readonly account?: string;
  /** `domain.hostedZoneId` and `domain.domainName`, when they are strings (the CDN's certificate and record go there). */
  readonly hostedZoneId?: string;
  readonly apiDomainName?: string;
}

const WHY = 'in a production stage';

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

/** Certificate source and its region/account. */
export function checkDomain(domain: DomainConfig, ctx: Ctx, { region, account }: StageFacts): void {
  const hasArn = domain.certificateArn !== undefined;
  const hasZone = domain.hostedZoneId !== undefined;
  if (hasArn === hasZone) {
    problem(
      ctx,
      [],
      'set exactly one of domain.certificateArn (an existing ACM certificate) or domain.hostedZoneId (a new certificate validated by DNS)',
    );
  }
  if (domain.certificateArn) {
    const [, , , certRegion, certAccount] = domain.certificateArn.split(':');
    if (region && certRegion !== region) {
      problem(
        ctx,
        ['certificateArn'],
        `must be in the stage region ${region} (an ALB uses regional certificates), got ${certRegion}`,
      );
    }
    if (account && certAccount !== account) {
      problem(ctx, ['certificateArn'], `must belong to account ${account}, got ${certAccount}`);
    }
  }
}

/** Storage, instance class and the production data-tier invariants. */
export function checkDatabase(database: DatabaseConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production) productionDatabase(database, ctx);
  if (database.maxAllocatedStorageGiB < database.allocatedStorageGiB) {
    problem(
      ctx,
      ['maxAllocatedStorageGiB'],
      `must be at least database.allocatedStorageGiB (${database.allocatedStorageGiB}), got ${database.maxAllocatedStorageGiB}`,
    );
  }
  const logins = { appUsername: database.appUsername, migratorUsername: database.migratorUsername };
  if (logins.migratorUsername === logins.appUsername) {
    problem(
      ctx,
      ['migratorUsername'],
      `must differ from database.appUsername ("${logins.appUsername}"): the app user must not own the schema`,
    );
  }
  for (const [field, name] of Object.entries(logins)) {
    if (name === DATABASE_MASTER_USERNAME || name === rotationCloneOf(database.appUsername)) {
      problem(
        ctx,
        [field],
        `"${name}" is reserved (the master user and the rotation's clone of the app user)`,
      );
    }
  }
  const [, family = '', sizeName = ''] = database.instanceClass.split('.');
  const sizes = DB_INSTANCE_FAMILIES[family];
  if (!sizes) {
    problem(
      ctx,
      ['instanceClass'],
      `unknown instance family "${family}"; allowed families: ${Object.keys(DB_INSTANCE_FAMILIES).join(', ')}`,
    );
  } else if (!sizes.includes(sizeName)) {
    problem(ctx, ['instanceClass'], `db.${family} has no size "${sizeName}"; allowed: ${sizes.join(', ')}`);
  }
}

/** Engine version, node type, failover. */
export function checkCache(cache: CacheConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production) productionCache(cache, ctx);
  const versions: readonly string[] = CACHE_ENGINE_VERSIONS[cache.engine];
  if (!versions.includes(cache.engineVersion)) {
    problem(
      ctx,
      ['engineVersion'],
      `${cache.engine} versions allowed: ${versions.join(', ')}; got "${cache.engineVersion}"`,
    );
  }
  const [, family = '', sizeName = ''] = cache.nodeType.split('.');
  const sizes = CACHE_NODE_FAMILIES[family];
  if (!sizes) {
    problem(
      ctx,
      ['nodeType'],
      `unknown node family "${family}"; allowed families: ${Object.keys(CACHE_NODE_FAMILIES).join(', ')}`,
    );
  } else if (!sizes.includes(sizeName)) {
    problem(ctx, ['nodeType'], `cache.${family} has no size "${sizeName}"; allowed: ${sizes.join(', ')}`);
  }
  if (cache.multiAz && cache.nodes < 2) {
    problem(
      ctx,
      ['nodes'],
      `must be at least 2 when cache.multiAz is true (a replica to fail over to), got ${cache.nodes}`,
    );
  }
}

/** Fargate size, counts, environment, secrets, CORS, image and the production app settings. */
export function checkService(service: ServiceConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production) productionService(service, ctx);
  const memories = FARGATE_SIZES[service.cpu];
  if (!memories) {
    problem(
      ctx,
      ['cpu'],
      `must be a Fargate CPU size: ${Object.keys(FARGATE_SIZES).join(', ')}; got ${service.cpu}`,
    );
  } else if (!memories.includes(service.memoryMiB)) {
    problem(
      ctx,
      ['memoryMiB'],
      `${service.memoryMiB} MiB is not a valid Fargate pair with cpu ${service.cpu}; allowed: ${memories[0]}..${memories.at(-1)} MiB ` +
        `in steps of ${memories.length > 1 ? memories[1]! - memories[0]! : memories[0]} (${memories.join(', ')})`,
    );
  }
  if (service.minCount > service.maxCount) {
    problem(
      ctx,
      ['minCount'],
      `must be at most service.maxCount (${service.maxCount}), got ${service.minCount}`,
    );
  }
  if (service.desiredCount < service.minCount || service.desiredCount > service.maxCount) {
    problem(
      ctx,
      ['desiredCount'],
      `must be between service.minCount (${service.minCount}) and service.maxCount (${service.maxCount}), got ${service.desiredCount}`,
    );
  }
  const secretNames = new Set<string>();
  service.secrets.forEach((s, i) => {
    if (secretNames.has(s.name)) problem(ctx, ['secrets', i, 'name'], `duplicate secret name "${s.name}"`);
    secretNames.add(s.name);
    if (
      (RESERVED_ENV_VARS as readonly string[]).includes(s.name) ||
      ['PUBLIC_API_KEY', 'ADMIN_API_KEY'].includes(s.name)
    ) {
      problem(ctx, ['secrets', i, 'name'], `"${s.name}" is set by Shipshape itself; choose another name`);
    }
  });
  for (const [name, value] of Object.entries(service.environment)) {
    if ((RESERVED_ENV_VARS as readonly string[]).includes(name)) {
      problem(
        ctx,
        ['environment', name],
        `is set by Shipshape from config (reserved: ${RESERVED_ENV_VARS.join(', ')}); set the matching service field instead`,
      );
    } else if (SECRET_NAME_PATTERN.test(name)) {
      problem(
        ctx,
        ['environment', name],
        `looks like a credential; a literal value (${value.length} characters) in a plain variable is not allowed: add { name: "${name}", description: "..." } to service.secrets and put the value in Secrets Manager`,
      );
    } else if (secretNames.has(name)) {
      problem(
        ctx,
        ['environment', name],
        'is also listed in service.secrets; a variable is either plain or secret',
      );
    }
  }
  service.corsOrigins.forEach((origin, i) => {
    const path = ['corsOrigins', i];
    if (origin.includes('*')) {
      problem(
        ctx,
        path,
        `wildcards are not allowed in CORS origins (SEC-14); list each trusted origin, got "${origin}"`,
      );
      return;
    }
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      problem(ctx, path, `must be an origin such as https://app.example.com, got "${origin}"`);
      return;
    }
    if (url.origin !== origin) {
      problem(
        ctx,
        path,
        `must be a bare origin (scheme://host[:port], no path or trailing slash), got "${origin}"`,
      );
    } else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !stage.production)) {
      problem(
        ctx,
        path,
        `must use https${stage.production ? ' in a production stage' : ''}, got "${origin}"`,
      );
    }
  });
  if (service.image.source === 'ecr' && !service.image.tag && !service.image.digest) {
    problem(ctx, ['image'], 'an "ecr" image needs a tag or a digest to run');
  }
}

/** OIDC completeness. */
export function checkEdge(edge: EdgeConfig, ctx: Ctx): void {
  if (!edge.oidc.enabled) return;
  for (const field of [
    'issuer',
    'authorizationEndpoint',
    'tokenEndpoint',
    'userInfoEndpoint',
    'clientId',
  ] as const) {
    if (!edge.oidc[field]) problem(ctx, ['oidc', field], 'is required when edge.oidc.enabled is true');
  }
}

function productionDatabase(database: DatabaseConfig, ctx: Ctx): void {
  if (!database.multiAz) problem(ctx, ['multiAz'], `must be true ${WHY}`);
  if (!database.deletionProtection) problem(ctx, ['deletionProtection'], `must be true ${WHY}`);
  if (database.backupRetentionDays < MIN_PRODUCTION_BACKUP_DAYS) {
    problem(
      ctx,
      ['backupRetentionDays'],
      `must be at least ${MIN_PRODUCTION_BACKUP_DAYS} days ${WHY}, got ${database.backupRetentionDays}`,
    );
  }
  if (database.credentialRotationDays > MAX_ROTATION_DAYS) {
    problem(
      ctx,
      ['credentialRotationDays'],
      `must be at most ${MAX_ROTATION_DAYS} days ${WHY} (DB-06), got ${database.credentialRotationDays}`,
    );
  }
}

function productionCache(cache: CacheConfig, ctx: Ctx): void {
  if (!cache.multiAz) problem(ctx, ['multiAz'], `must be true ${WHY}`);
  if (cache.snapshotRetentionDays < 1)
    problem(
      ctx,
      ['snapshotRetentionDays'],
      `must be at least 1 day ${WHY}, got ${cache.snapshotRetentionDays}`,
    );
}

function productionService(service: ServiceConfig, ctx: Ctx): void {
  if (service.appEnvironment !== 'production') {
    problem(
      ctx,
      ['appEnvironment'],
      `must be "production" ${WHY} (ENVIRONMENT=production, SEC-05), got "${service.appEnvironment}"`,
    );
  }
  if (service.debug) problem(ctx, ['debug'], `must be false ${WHY} (SEC-06)`);
  if (!service.authEnabled) problem(ctx, ['authEnabled'], `must be true ${WHY} (SEC-17)`);
  if (service.image.source === 'ecr' && service.image.tag === 'latest' && !service.image.digest) {
    problem(ctx, ['image', 'tag'], `"latest" is not allowed ${WHY}: pin a version tag or a digest`);
  }
  if (service.image.source === 'uri' && /:latest$/.test(service.image.uri)) {
    problem(ctx, ['image', 'uri'], `":latest" is not allowed ${WHY}: pin a version tag or a digest`);
  }
}

/** Rotation intervals: at most 90 days in production (SEC-03). */
export function checkRotation(rotation: RotationConfig, ctx: Ctx, stage: StageFacts): void {
  if (!stage.production) return;
  for (const field of ['apiKeyDays', 'cacheUserDays'] as const) {
    if (rotation[field] > MAX_ROTATION_DAYS) {
      problem(
        ctx,
        [field],
        `must be at most ${MAX_ROTATION_DAYS} days ${WHY} (SEC-03), got ${rotation[field]}`,
      );
    }
  }
}

/** Every stage needs somebody to tell (MON-06). */
export function checkAlerts(alerts: AlertsConfig, ctx: Ctx): void {
  if (alerts.emails.length === 0 && alerts.webhooks.length === 0) {
    problem(
      ctx,
      [],
      'needs at least one email or webhook (MON-06): an alarm nobody receives protects nothing',
    );
  }
  checkWebhookNames(alerts, ctx);
}

/** Each webhook names its own secret and construct: names must be unique. */
function checkWebhookNames(alerts: AlertsConfig, ctx: Ctx): void {
  const seen = new Set<string>();
  alerts.webhooks.forEach((webhook, i) => {
    if (seen.has(webhook.name)) {
      problem(
        ctx,
        ['webhooks', i, 'name'],
        `duplicate webhook name "${webhook.name}"; each webhook needs its own`,
      );
    }
    seen.add(webhook.name);
  });
}

/** Alarms evaluate at most one day of data (CloudWatch limit for periods up to an hour). */
const MAX_ALARM_WINDOW_SECONDS = 86_400;

/** Runbook link, "M out of N" evaluation per severity (MON-01..09). */
export function checkMonitoring(monitoring: MonitoringConfig, ctx: Ctx): void {
  let url: URL | undefined;
  try {
    url = new URL(monitoring.runbookBaseUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'https:') {
    problem(
      ctx,
      ['runbookBaseUrl'],
      `must be an https URL (alarm notifications link to it), such as https://github.com/<org>/<repo>/blob/main/docs/monitoring.md; got "${monitoring.runbookBaseUrl}"`,
    );
  } else if (url.hash !== '' || url.search !== '') {
    problem(
      ctx,
      ['runbookBaseUrl'],
      `must have no query or #fragment (each alarm appends #<anchor>), got "${monitoring.runbookBaseUrl}"`,
    );
  }
  const { periodSeconds } = monitoring.evaluation;
  for (const severity of ['critical', 'warning'] as const) {
    const { datapointsToAlarm, evaluationPeriods } = monitoring.evaluation[severity];
    if (datapointsToAlarm > evaluationPeriods) {
      problem(
        ctx,
        ['evaluation', severity, 'datapointsToAlarm'],
        `must be at most evaluation.${severity}.evaluationPeriods (${evaluationPeriods}), got ${datapointsToAlarm}`,
      );
    }
    if (evaluationPeriods * periodSeconds > MAX_ALARM_WINDOW_SECONDS) {
      problem(
        ctx,
        ['evaluation', severity, 'evaluationPeriods'],
        `${evaluationPeriods} periods of ${periodSeconds} s exceed the one day an alarm may evaluate; allowed at most ${Math.floor(MAX_ALARM_WINDOW_SECONDS / periodSeconds)}`,
      );
    }
  }
}

/** Production keeps daily backups at least 35 days. */
export function checkRetention(retention: RetentionConfig, ctx: Ctx, stage: StageFacts): void {
  if (stage.production && retention.logDays < MIN_PRODUCTION_LOG_DAYS) {
    problem(
      ctx,
      ['logDays'],
      `must be at least ${MIN_PRODUCTION_LOG_DAYS} days ${WHY} (LEG-01), got ${retention.logDays}`,
    );
  }
  if (stage.production && retention.dailyBackupDays < MIN_PRODUCTION_DAILY_BACKUP_DAYS) {
    problem(
      ctx,
      ['dailyBackupDays'],
      `must be at least ${MIN_PRODUCTION_DAILY_BACKUP_DAYS} days ${WHY}, got ${retention.dailyBackupDays}`,
    );
  }
}
