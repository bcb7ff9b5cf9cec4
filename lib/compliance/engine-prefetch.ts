import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type Stage,
  Validations,
} from 'aws-cdk-lib';
import type { ParallelCfnGuardValidator } from './cfn-guard/parallel-validator';
import type { CachedCloudFormationValidatePlugin } from './cloudformation-validate/cached-plugin';

/** The template engines that can start before their turn (what `addStockEngines` registered). */
export interface PrefetchingEngines {
  /** cfn-guard, when registered. */
  readonly guard?: ParallelCfnGuardValidator;
  /** aws-cdk-lib's built-in validator, when it runs. */
  readonly validator?: CachedCloudFormationValidatePlugin;
}

/**
 * A plugin whose only job is to start the template engines early. Registered on the first stage,
 * it runs before the app's plugins (aws-cdk-lib runs the stages' plugins first, and every plugin
 * only after the whole app is synthesized), and hands every template of the app to cfn-guard's
 * workers and to the built-in validator's worker: both judge the templates while the cdk-nag packs
 * run on the main thread. It never reports anything itself.
 */
export class EnginePrefetch implements IPolicyValidationPlugin {
  public readonly name = 'shipshape-engine-prefetch';

  constructor(private readonly engines: PrefetchingEngines) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.engines.guard?.prefetch(context.appConstruct);
    this.engines.validator?.prefetch(context.appConstruct);
    return { success: true, violations: [] };
  }
}

/**
 * Starts the template engines early: registers {@link EnginePrefetch} on the first of `stages`, the
 * first plugins aws-cdk-lib runs once the app is synthesized. Nothing to do without engines or stages.
 */
export function startEnginesEarly(stages: readonly Stage[], engines: PrefetchingEngines | undefined): void {
  if (engines && stages[0]) Validations.of(stages[0]).addPlugins(new EnginePrefetch(engines));
}
