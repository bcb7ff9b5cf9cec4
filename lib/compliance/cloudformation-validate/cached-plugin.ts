import { resolve } from 'node:path';
import {
  type App,
  CloudFormationValidatePlugin,
  type IPolicyValidationContext,
  type PolicyValidationPluginReport,
  type PolicyValidationStack,
  type PolicyViolation,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { BlockingWorkers } from '../blocking-workers';
import { stackTemplatesOf } from '../stack-templates';
import { mergeViolations, ValidationCache, violationsOf } from '../validation-cache';
import { VALIDATE_WORKER_SOURCE, type ValidateBatchResult } from './validate-worker';

/** The module the worker loads the stock plugin from (the same copy as this process). */
const CDK_LIB = require.resolve('aws-cdk-lib');

/** A stack handed to the worker, and the key its findings are kept under. */
interface Started {
  readonly stack: PolicyValidationStack;
  readonly key: string;
  readonly batch: string;
}

/**
 * aws-cdk-lib's built-in CloudFormation validator, with its findings kept per template and its
 * engine started early on a worker thread.
 *
 * - **Kept**: a template whose bytes, stack path, account and region it has already judged (same
 *   validator version) gets the same findings without starting the validator's engine, which costs
 *   seconds per process. Only the templates not seen before are validated.
 * - **Early**: {@link prefetch} hands the templates not seen before to a worker thread as soon as
 *   they exist, so the engine starts and validates while the main thread runs the other engines;
 *   `validate()` then collects that report. A stack it was not handed, or whose template changed
 *   since, is validated on the main thread as before.
 *
 * Registered on the App in place of the default instance (the CDK then adds no other), under the same
 * plugin name, so reports and acknowledgement ids (`CloudFormation-Validate::<rule>`) are unchanged.
 * The worker runs the stock plugin unchanged, so its report is the one the main thread would get.
 */
export class CachedCloudFormationValidatePlugin extends CloudFormationValidatePlugin {
  private readonly cache: ValidationCache;
  private readonly started = new Map<string, Started>();
  private readonly workers = new BlockingWorkers<ValidateBatchResult>(VALIDATE_WORKER_SOURCE, (r) => r.batch);
  private batches = 0;

  /** @param cacheDir where findings are kept @default VALIDATION_CACHE_DIR */
  constructor(cacheDir?: string) {
    super();
    this.cache = new ValidationCache(`${CloudFormationValidatePlugin.PLUGIN_NAME}@${this.version}`, cacheDir);
  }

  /** Starts validating, on a worker thread, every stack template of the app `root` belongs to. */
  prefetch(root: IConstruct): void {
    this.prefetchStacks(stackTemplatesOf(root));
  }

  /** Starts validating these stacks on a worker thread (those kept or already started are skipped). */
  prefetchStacks(stacks: readonly PolicyValidationStack[]): void {
    const batch = `batch-${++this.batches}`;
    const misses: PolicyValidationStack[] = [];
    for (const given of stacks) {
      const stack = { ...given, templatePath: resolve(given.templatePath) };
      if (this.started.has(stack.templatePath)) continue;
      const key = this.keyOf(stack);
      if (this.cache.has(key)) continue;
      this.started.set(stack.templatePath, { stack, key, batch });
      misses.push(stack);
    }
    if (misses.length > 0) this.workers.start({ cdkLib: CDK_LIB, batch, stacks: misses });
  }

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations: PolicyViolation[] = [];
    const misses: PolicyValidationStack[] = [];
    const keys = new Map<string, string>();
    for (const stack of context.stackTemplates) {
      const key = this.keyOf(stack);
      const known = this.cache.get(key, stack.templatePath) ?? this.fromWorker(stack, key);
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

  /** Everything the findings depend on besides the validator's version: template bytes, stack path, env. */
  private keyOf(stack: PolicyValidationStack): string {
    return this.cache.key(
      stack.templatePath,
      stack.stackConstructPath,
      stack.accountId ?? '',
      stack.region ?? '',
    );
  }

  /**
   * This stack's findings from the worker it was handed to (waiting for it), kept for later runs;
   * undefined when it was not handed over as it is now (another path, env or template bytes).
   */
  private fromWorker(stack: PolicyValidationStack, key: string): PolicyViolation[] | undefined {
    const started = this.started.get(resolve(stack.templatePath));
    if (!started || started.key !== key) return undefined;
    const result = this.workers.await(started.batch);
    if (result.error !== undefined) {
      throw new Error(`${this.name} failed on ${started.stack.templatePath}:\n${result.error}`);
    }
    const own = violationsOf(result.report!.violations, started.stack.templatePath).map((v) => ({
      ...v,
      violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: stack.templatePath })),
    }));
    this.cache.set(key, stack.templatePath, own);
    return own;
  }
}

/** Whether the app runs aws-cdk-lib's built-in validator (`builtinCloudFormationValidation`, CDK_VALIDATION). */
export function builtinValidationEnabled(app: App): boolean {
  const flag = (app as unknown as { _builtinCloudFormationValidation?: boolean })
    ._builtinCloudFormationValidation;
  return flag !== false && process.env.CDK_VALIDATION !== 'false';
}
