import type { Expectations } from './checks';

/** A mis-wired function: its event or its environment is not what the construct sets up. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** What the construct tells the function through its environment. */
export interface Settings extends Expectations {
  /** ARN of the stage's restore testing plan: only its jobs are validated. */
  readonly restoreTestingPlanArn: string;
  /** Identifier of the protected (source) instance, whose engine the copy must run. */
  readonly sourceDbInstanceId: string;
  /** How long to wait for a restored instance in a transitional status (creating, modifying, ...). */
  readonly readyTimeoutMs: number;
  /** Pause between two looks at such an instance. */
  readonly pollIntervalMs: number;
}

const REQUIRED = {
  RESTORE_TESTING_PLAN_ARN: 'restoreTestingPlanArn',
  SOURCE_DB_INSTANCE_ID: 'sourceDbInstanceId',
  DATA_KEY_ARN: 'dataKeyArn',
  SUBNET_GROUP_NAME: 'subnetGroupName',
  SECURITY_GROUP_ID: 'securityGroupId',
} as const;

/** Reads and checks the environment; every problem is named in one error. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(REQUIRED)) {
    const value = env[name];
    if (value === undefined || value === '') problems.push(`${name} must be set`);
    else values[field] = value;
  }
  const seconds = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback * 1000;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) problems.push(`${name} must be a number of seconds >= 0, got "${raw}"`);
    return n * 1000;
  };
  const readyTimeoutMs = seconds('READY_TIMEOUT_SECONDS', 600);
  const pollIntervalMs = seconds('POLL_INTERVAL_SECONDS', 20);
  if (problems.length > 0) throw new SetupError(`Invalid configuration: ${problems.join('; ')}`);
  return {
    ...(values as Omit<Settings, 'readyTimeoutMs' | 'pollIntervalMs'>),
    readyTimeoutMs,
    pollIntervalMs,
  };
}
