import { PostgresEngineVersion } from 'aws-cdk-lib/aws-rds';

/**
 * Values AWS accepts, kept in one place so every config error can say what is allowed.
 */

/** Commercial AWS regions Shipshape deploys to (all offer Fargate, RDS Proxy, ElastiCache Valkey and WAF). */
export const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-east-1',
  'sa-east-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
] as const;

/** Every retention period CloudWatch Logs accepts, in days (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Valid Fargate task sizes: cpu units → allowed memory in MiB. */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** ALB TLS policies Shipshape allows: TLS 1.2 minimum or TLS 1.3 only, with forward secrecy. */
export const TLS_POLICIES = {
  tls12: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'tls12-pq': 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
  tls13: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'tls13-pq': 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09',
} as const;

/** PostgreSQL versions this aws-cdk-lib knows (major 15 and later), e.g. "16.8". */
export const POSTGRES_VERSIONS: readonly string[] = Object.entries(PostgresEngineVersion)
  .filter(([key]) => /^VER_(1[5-9]|[2-9]\d)_\d+$/.test(key))
  .map(([, version]) => (version as PostgresEngineVersion).postgresFullVersion);

/** ElastiCache engine versions that support RBAC users, TLS and Multi-AZ. */
export const CACHE_ENGINE_VERSIONS = {
  valkey: ['7.2', '8.0', '8.1'],
  redis: ['7.0', '7.1'],
} as const;

const CACHE_SIZES = [
  'micro',
  'small',
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
];

/** ElastiCache node families and the sizes each offers. */
export const CACHE_NODE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  t3: ['micro', 'small', 'medium'],
  t4g: ['micro', 'small', 'medium'],
  m5: CACHE_SIZES.slice(3, 9).concat('24xlarge'),
  m6g: CACHE_SIZES.slice(3),
  m7g: CACHE_SIZES.slice(3),
  r5: CACHE_SIZES.slice(3, 9).concat('24xlarge'),
  r6g: CACHE_SIZES.slice(3),
  r7g: CACHE_SIZES.slice(3),
};

/** RDS instance families and sizes (db.<family>.<size>) that run PostgreSQL 15+. */
export const DB_INSTANCE_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  t3: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  t4g: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  m5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  m6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  m6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  m7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  r6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
};

/** Performance Insights retention: 7 days (free tier) or a whole number of months up to 2 years. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = [7, ...range(31, 731, 31), 731] as const;

/** Enhanced monitoring intervals RDS accepts, in seconds (0 would disable it, which we do not allow). */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/**
 * Names that look like credentials. A plain environment variable with such a name is a config error:
 * credentials are injected from Secrets Manager instead.
 */
export const SECRET_NAME_PATTERN =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|DSN|AUTH_?KEY)/i;

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}
