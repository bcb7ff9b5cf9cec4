import { z } from 'zod';
import { FAIL_ON_CHOICES, IMAGE_SCANNING_MODES } from '../../contracts/image-scanning';
import { bool, describe, intIn, matching, oneOf, section, urlPath } from '../fields';

const envVarName = /^[A-Z_][A-Z0-9_]*$/;

/** A command in exec form (a list of arguments, no shell unless the image's own). */
const command = (example: string) =>
  z
    .array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }), {
      error: (i) => `must be a command in exec form such as ${example}, got ${describe(i.input)}`,
    })
    .min(1, { error: `must be a command in exec form such as ${example}, got an empty list` });

/** An EventBridge Scheduler cron() or rate() expression. */
const scheduleExpression = () =>
  matching(
    /^(cron\((\S+ ){5}\S+\)|rate\([1-9]\d* (minute|minutes|hour|hours|day|days)\))$/,
    'an EventBridge Scheduler expression such as "cron(0 3 ? * SUN *)" (six fields, UTC) or "rate(7 days)"',
  );

/** Default for service.retraining. */
const RETRAINING_DEFAULTS = {
  enabled: true,
  schedule: 'cron(0 3 ? * SUN *)',
  command: ['python', '-m', 'app.retrain'],
};

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
      /**
       * `basic`: scan on push. `enhanced`: Amazon Inspector scans the repository continuously (new
       * CVEs against images already pushed) and reports the OS family; it is set for the registry
       * (the account and region) with a rule scoped to this repository.
       */
      scanning: oneOf(IMAGE_SCANNING_MODES).default('basic'),
      /** Severity at which `npm run image-scan` (the deploy gate) refuses the image. */
      scanFailOn: oneOf(FAIL_ON_CHOICES).default('CRITICAL'),
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
      /** Directory holding the Dockerfile, relative to the repository root (no leading "/", no ".."). */
      directory: matching(
        /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/]+$/,
        'a directory path relative to the repository root such as "app" (no leading "/", no "..")',
      ),
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
  /** CPU architecture of the image (an ARM64 image on Graviton costs about 20% less). */
  cpuArchitecture: oneOf(['X86_64', 'ARM64'] as const).default('X86_64'),
  /**
   * Container health check in Docker exec form: first element "CMD" (no shell needed, works on
   * distroless images) or "CMD-SHELL". A non-zero exit marks the container unhealthy and ECS replaces it.
   * @default - ["CMD", "python3", "-c", "<urllib GET of http://127.0.0.1:<containerPort><healthCheckPath>>"]
   */
  containerHealthCommand: command('["CMD", "/app/healthcheck"]')
    .refine((c) => c[0] === 'CMD' || c[0] === 'CMD-SHELL', {
      error: 'must start with "CMD" (exec form) or "CMD-SHELL" (run by /bin/sh)',
    })
    .optional(),
  /** Seconds a container gets after SIGTERM to finish in-flight requests before SIGKILL (Fargate allows 2..120). */
  stopTimeoutSeconds: intIn(2, 120, 'seconds').default(30),
  /** TCP ports the tasks may open to any address (through NAT): 443 for AWS APIs and HTTPS providers; add 587 for SMTP. */
  egressPorts: z
    .array(intIn(1, 65535, '(TCP port)'))
    .min(1)
    .default([443]),
  /** Command of the one-off migration task (DB-04); same image, same secrets as the service. */
  migrationCommand: command('["python", "-m", "app.migrate"]').default(['python', '-m', 'app.migrate']),
  /** Scheduled ML retraining task (DOCK-05). The task definition exists even when disabled, for runs on demand. */
  retraining: section({
    /** Run on the schedule (false: the schedule exists but is DISABLED). */
    enabled: bool().default(RETRAINING_DEFAULTS.enabled),
    /** When to run, in UTC. */
    schedule: scheduleExpression().default(RETRAINING_DEFAULTS.schedule),
    /** Command of the retraining task. */
    command: command('["python", "-m", "app.retrain"]').default(RETRAINING_DEFAULTS.command),
  }).default(RETRAINING_DEFAULTS),
  /** Optional persistent volume (DOCK-02): an encrypted EFS file system mounted read-write. */
  efs: section({
    enabled: bool().default(false),
    /** Absolute path the volume is mounted at in the container. */
    mountPath: urlPath().default('/mnt/data'),
  }).default({ enabled: false, mountPath: '/mnt/data' }),
  /** Autoscaling targets. */
  scaling: section({
    cpuPercent: intIn(10, 90, 'percent').default(60),
    requestsPerTarget: intIn(10, 100_000, 'requests per target per minute').default(1000),
  }).default({ cpuPercent: 60, requestsPerTarget: 1000 }),
}).superRefine((service, ctx) => {
  // The volume and the scratch paths are separate mounts: one may not hide or contain the other.
  if (!service.efs.enabled) return;
  const mount = service.efs.mountPath.replace(/\/+$/, '');
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);
  for (const scratch of service.scratchPaths) {
    const path = scratch.replace(/\/+$/, '');
    if (inside(mount, path) || inside(path, mount)) {
      ctx.addIssue({
        code: 'custom',
        path: ['efs', 'mountPath'],
        message: `must not be, contain or lie inside the scratch path "${scratch}" (service.scratchPaths); choose a separate directory such as "/mnt/data"`,
      });
    }
  }
});

export type ServiceConfig = z.output<typeof serviceSchema>;
