import { z } from 'zod';
import { bool, describe, intIn, matching, oneOf, section, urlPath } from '../fields';

const envVarName = /^[A-Z_][A-Z0-9_]*$/;

/** Where the container image comes from. */
export const imageSchema = z.discriminatedUnion(
  'source',
  [
    section({
      /** An ECR repository created by the service stack; CI pushes to it. */
      source: z.literal('ecr'),
      /** Image tag to run (immutable tags; "latest" refused in production). */
      tag: matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'a Docker tag such as "1.4.2"').optional(),
      /** Image digest to run, sha256:<64 hex>. Wins over tag. */
      digest: matching(/^sha256:[0-9a-f]{64}$/, 'an image digest sha256:<64 hex>').optional(),
      /** Images the lifecycle policy keeps. */
      keepImages: intIn(1, 1000, 'images').default(30),
    }),
    section({
      /** A full image URI in a registry the stage can pull from. */
      source: z.literal('uri'),
      uri: matching(
        /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$/,
        'an image URI with a tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2',
      ),
    }),
    section({
      /** A local Dockerfile directory built at deploy time (needs Docker where cdk deploy runs). */
      source: z.literal('asset'),
      directory: z.string().min(1, { error: 'must be a directory path relative to the repository root' }),
    }),
  ],
  { error: (i) => `must have "source" set to "ecr", "uri" or "asset", got ${describe(i.input)}` },
);

/** The API container and its Fargate service. */
export const serviceSchema = section({
  image: imageSchema,
  /** Fargate task CPU units (256, 512, 1024, 2048, 4096, 8192, 16384). */
  cpu: intIn(256, 16384, 'CPU units').default(512),
  /** Fargate task memory in MiB (must pair with cpu). */
  memoryMiB: intIn(512, 122880, 'MiB').default(1024),
  /** Tasks running normally. */
  desiredCount: intIn(1, 100, 'tasks').default(2),
  /** Autoscaling floor. */
  minCount: intIn(1, 100, 'tasks').default(2),
  /** Autoscaling ceiling. */
  maxCount: intIn(1, 200, 'tasks').default(6),
  /** Port the container listens on. */
  containerPort: intIn(1024, 65535, '(unprivileged port)').default(8000),
  /** Non-root user the container runs as. */
  user: section({
    uid: intIn(1, 65534, '(non-root uid)').default(1000),
    gid: intIn(1, 65534, '(non-root gid)').default(1000),
  }).default({ uid: 1000, gid: 1000 }),
  /** Target group health check path. */
  healthCheckPath: urlPath().default('/api/health'),
  /** Paths the canary and verify probe, all expected to answer 200. */
  healthPaths: z.array(urlPath()).min(1).default(['/', '/api/health', '/api/health/db']),
  /** Allowed CORS origins (explicit https origins in production; no wildcard). */
  corsOrigins: z.array(z.string()).default([]),
  /** ENVIRONMENT value the app receives. */
  appEnvironment: oneOf(['production', 'staging', 'development'] as const).default('development'),
  /** DEBUG value the app receives (must be false in production). */
  debug: bool().default(false),
  /** AUTH_ENABLED value the app receives (must be true in production). */
  authEnabled: bool().default(true),
  /** LOG_LEVEL value the app receives. */
  logLevel: oneOf(['debug', 'info', 'warning', 'error'] as const).default('info'),
  /** Extra plain environment variables (never credentials). */
  environment: z
    .record(
      matching(envVarName, 'an upper-case environment variable name'),
      z.string({ error: 'must be a string' }),
    )
    .default({}),
  /**
   * Named application secrets (SMTP password, error-tracker DSN, AI-provider keys, OAuth client
   * secret, ...): each becomes a Secrets Manager secret injected under this variable name.
   */
  secrets: z
    .array(
      section({
        name: matching(envVarName, 'an upper-case environment variable name'),
        description: z.string().min(3).max(200),
      }),
    )
    .default([]),
  /** Writable paths on the otherwise read-only root filesystem. */
  scratchPaths: z.array(urlPath()).min(1).default(['/tmp']),
  /** Autoscaling targets. */
  scaling: section({
    cpuPercent: intIn(10, 90, 'percent').default(60),
    requestsPerTarget: intIn(10, 100_000, 'requests per target per minute').default(1000),
  }).default({ cpuPercent: 60, requestsPerTarget: 1000 }),
});

export type ServiceConfig = z.output<typeof serviceSchema>;
