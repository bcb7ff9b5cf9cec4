import { environments } from '../../config';
import { ConfigError, validateConfigs } from '../../lib/config';

/** Raw config input, edited freely by tests. */
// biome-ignore lint/suspicious/noExplicitAny: tests mutate raw input freely
export type Mutable = Record<string, any>;
/** A committed environment. */
export type Environment = 'dev' | 'staging' | 'prod';

function edited(environment: Environment, change: (cfg: Mutable) => void): Record<string, Mutable> {
  const inputs = structuredClone(environments) as unknown as Record<string, Mutable>;
  change(inputs[environment]!);
  return inputs;
}

/** Validates the committed config with one environment changed; returns the error message. */
export function errorOf(environment: Environment, change: (cfg: Mutable) => void): string {
  try {
    validateConfigs(edited(environment, change));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

/** Validates the committed config with one environment changed; returns that environment's config. */
export function configOf(environment: Environment, change: (cfg: Mutable) => void) {
  return validateConfigs(edited(environment, change))[environment]!;
}
