import { parseCidr, overlaps } from './cidr';
import { configSchemaFor, stageFacts, type ShipshapeConfig } from './schema';

/** One problem in one environment's config. */
export interface ConfigProblem {
  /** Environment (config file) the problem is in. */
  readonly environment: string;
  /** Dotted field path, e.g. "database.backupRetentionDays". */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Thrown before any construct exists when config is invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(
      `Shipshape config is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was synthesized:\n` +
        problems.map((p) => `  - ${p.environment}: ${p.path || '(root)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Validates one environment, returning its problems (empty when valid) or the parsed config. */
export function checkConfig(
  environment: string,
  input: unknown,
): { config?: ShipshapeConfig; problems: ConfigProblem[] } {
  const result = configSchemaFor(stageFacts(input)).safeParse(input);
  if (result.success) return { config: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => ({
      environment,
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

/** The stage owns its registry's scanning configuration (`AWS::ECR::RegistryScanningConfiguration`). */
const enhancedScanning = (c: ShipshapeConfig) =>
  c.service.image.source === 'ecr' && c.service.image.scanning === 'enhanced';

/**
 * Validates every environment and the rules between them (unique stage names, no overlapping VPCs
 * and at most one registry scanning configuration in one account and region). Throws one ConfigError listing every problem.
 */
export function validateConfigs(inputs: Readonly<Record<string, unknown>>): Record<string, ShipshapeConfig> {
  const problems: ConfigProblem[] = [];
  const configs: Record<string, ShipshapeConfig> = {};
  for (const [environment, input] of Object.entries(inputs)) {
    const checked = checkConfig(environment, input);
    problems.push(...checked.problems);
    if (checked.config) configs[environment] = checked.config;
  }
  const valid = Object.entries(configs);
  valid.forEach(([envA, a], i) => {
    if (a.stage.name !== envA) {
      problems.push({
        environment: envA,
        path: 'stage.name',
        message: `must equal the environment name "${envA}", got "${a.stage.name}"`,
      });
    }
    for (const [envB, b] of valid.slice(i + 1)) {
      if (a.account !== b.account || a.region !== b.region) continue;
      const ca = parseCidr(a.network.cidr);
      const cb = parseCidr(b.network.cidr);
      if (ca && cb && overlaps(ca, cb)) {
        problems.push({
          environment: envB,
          path: 'network.cidr',
          message: `${b.network.cidr} overlaps ${envA}'s ${a.network.cidr} in the same account and region; give each VPC its own range`,
        });
      }
      if (enhancedScanning(a) && enhancedScanning(b)) {
        problems.push({
          environment: envB,
          path: 'service.image.scanning',
          message: `'enhanced' is already set by ${envA} in the same account and region: the registry has one scanning configuration, so only one stage there may own it (give its rule both repositories there, or use 'basic')`,
        });
      }
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}
