import type { App } from 'aws-cdk-lib';
import { startEnginesEarly } from '../compliance/engine-prefetch';
import { addStockEngines } from '../compliance/engines';
import type { ShipshapeConfig } from '../config';
import { ShipshapeStage } from './shipshape-stage';
import { checkSelection, stageId } from './stage-ids';

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
  checkSelection(names, only);
  const templateEngines = engines ? addStockEngines(app) : undefined;
  const stages = names
    .filter((name) => only === undefined || name === only)
    .map((name) => new ShipshapeStage(app, stageId(name), { config: configs[name]!, engines }));
  // cfn-guard and the built-in validator start on every template while the other engines validate.
  startEnginesEarly(stages, templateEngines);
  return stages;
}
