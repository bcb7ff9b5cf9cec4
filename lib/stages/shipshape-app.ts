import type { App } from 'aws-cdk-lib';
import { addStockEngines } from '../compliance/engines';
import type { ShipshapeConfig } from '../config';
import { ShipshapeStage } from './shipshape-stage';
import { stageId } from './stage-ids';

/** Thrown when `-c env=<name>` names no environment. */
export class UnknownEnvironmentError extends Error {}

/** Options of {@link addStages}. */
export interface AddStagesOptions {
  /** Synthesize only this environment (`-c env=<name>`). @default - every environment */
  readonly only?: string;
  /**
   * Register the stock compliance engines. Only unit tests that assert template shape turn this
   * off; the app and the compliance tests always run them.
   * @default true
   */
  readonly engines?: boolean;
}

/**
 * Adds one Stage per environment (or only the selected one) and every compliance engine.
 * Configs must already be validated: nothing here checks them.
 */
export function addStages(
  app: App,
  configs: Readonly<Record<string, ShipshapeConfig>>,
  options: AddStagesOptions = {},
): ShipshapeStage[] {
  const { only, engines = true } = options;
  const names = Object.keys(configs);
  if (only !== undefined && !names.includes(only)) {
    throw new UnknownEnvironmentError(`-c env=${only}: unknown environment; allowed: ${names.join(', ')}`);
  }
  if (engines) addStockEngines(app);
  return names
    .filter((name) => only === undefined || name === only)
    .map((name) => new ShipshapeStage(app, stageId(name), { config: configs[name]!, engines }));
}
