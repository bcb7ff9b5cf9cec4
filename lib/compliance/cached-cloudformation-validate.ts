import {
  type App,
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import { mergeViolations, ValidationCache, violationsOf } from './validation-cache';

/**
 * aws-cdk-lib's built-in CloudFormation validator with its findings kept per template: a template
 * whose bytes, account and region it has already judged (same validator version) gets the same
 * findings without starting the validator's engine, which costs seconds per process. Only the
 * templates not seen before are validated. Registered on the App in place of the default instance
 * (the CDK then adds no other), under the same plugin name, so reports and acknowledgement ids
 * (`CloudFormation-Validate::<rule>`) are unchanged.
 */
export class CachedCloudFormationValidatePlugin extends CloudFormationValidatePlugin {
  private readonly cache: ValidationCache;

  /** @param cacheDir where findings are kept @default VALIDATION_CACHE_DIR */
  constructor(cacheDir?: string) {
    super();
    this.cache = new ValidationCache(`${CloudFormationValidatePlugin.PLUGIN_NAME}@${this.version}`, cacheDir);
  }

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations = [];
    const misses: (typeof context.stackTemplates)[number][] = [];
    const keys = new Map<string, string>();
    for (const stack of context.stackTemplates) {
      const key = this.cache.key(stack.templatePath, stack.accountId ?? '', stack.region ?? '');
      const known = this.cache.get(key, stack.templatePath);
      if (known) violations.push(...known);
      else {
        misses.push(stack);
        keys.set(stack.templatePath, key);
      }
    }
    if (misses.length > 0) {
      const fresh = super.validate({
        ...context,
        templatePaths: misses.map((s) => s.templatePath),
        stackTemplates: misses,
      });
      for (const stack of misses) {
        const own = violationsOf(fresh.violations, stack.templatePath);
        this.cache.set(keys.get(stack.templatePath)!, stack.templatePath, own);
      }
      violations.push(...fresh.violations);
    }
    const merged = mergeViolations(violations);
    return {
      success: merged.every((v) => v.severity !== 'error' && v.severity !== 'fatal'),
      violations: merged,
    };
  }
}

/** Whether the app runs aws-cdk-lib's built-in validator (`builtinCloudFormationValidation`, CDK_VALIDATION). */
export function builtinValidationEnabled(app: App): boolean {
  const flag = (app as unknown as { _builtinCloudFormationValidation?: boolean })
    ._builtinCloudFormationValidation;
  return flag !== false && process.env.CDK_VALIDATION !== 'false';
}
