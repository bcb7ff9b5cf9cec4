import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import {
  CachedCloudFormationValidatePlugin,
  builtinValidationEnabled,
} from './cloudformation-validate/cached-plugin';
import { ParallelCfnGuardValidator } from './cfn-guard/parallel-validator';
import type { PrefetchingEngines } from './engine-prefetch';

/**
 * Registers the stock engines once on the app. A cdk-nag pack walks the whole construct tree from
 * the app wherever it is registered, so registering it per stage would only repeat each finding.
 * aws-cdk-lib's built-in CloudFormation validator runs by default (do not pass
 * `builtinCloudFormationValidation: false` to the App outside unit tests). Returns the template
 * engines, so a stage can start them early (`EnginePrefetch`).
 *
 * @param options.guard register cfn-guard. Only a test that proves the templates byte-for-byte equal
 *   to ones already checked skips it (guard reads nothing but the template files). @default true
 */
export function addStockEngines(app: App, options: { readonly guard?: boolean } = {}): PrefetchingEngines {
  const guard = (options.guard ?? true) ? new ParallelCfnGuardValidator() : undefined;
  // The built-in validator with its findings kept per template (same plugin name and rules as the
  // CDK's own instance), after the cdk-nag packs: started early, its worker runs while they do.
  const validator = builtinValidationEnabled(app) ? new CachedCloudFormationValidatePlugin() : undefined;
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
    new NIST80053R5Checks(app, { verbose: true }),
    new PCIDSS321Checks(app, { verbose: true }),
  );
  if (validator) Validations.of(app).addPlugins(validator);
  // Control Tower rules, per template only those that can match it, on every core (same findings).
  if (guard) Validations.of(app).addPlugins(guard);
  return { guard, validator };
}
