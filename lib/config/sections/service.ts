import { z } from 'zod';
import { bool, describe, intIn, matching, oneOf, section, urlPath } from '../fields';
import { RESERVED_ENV_VARS } from '../../contracts/container-variables';
import { FARGATE_SIZES, SECRET_NAME_PATTERN } from '../allowed-values';
import { type Ctx, problem, type StageFacts, WHY } from '../section-rules';
import { checkImage, imageSchema, productionImage } from './image';

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
  checkImage(service.image, ctx);
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
  productionImage(service.image, ctx);
}
