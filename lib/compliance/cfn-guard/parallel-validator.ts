import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  type PolicyViolation,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { BlockingWorkers } from '../blocking-workers';
import { stackTemplatesOf } from '../stack-templates';
import { ValidationCache } from '../validation-cache';
import { GUARD_WORKER_SOURCE, type GuardJob, type GuardJobResult } from './guard-worker';
import { type GuardRuleFile, readGuardRules, resourceTypesOf, rulesFor } from './rules';

/** The module the workers load the stock validator from (the same copy as this process). */
const VALIDATOR_MODULE = require.resolve('@cdklabs/cdk-validator-cfnguard');

/** Rule-file evaluations against one template: guard's cost grows with both. */
const costOf = (job: GuardJob, size: number) => job.rules.length * size;

/**
 * cfn-guard with the Control Tower rules, run in parallel and scoped.
 *
 * - **Scoped**: each template is checked only with the rules whose resource types it holds (a guard
 *   rule only inspects the types it selects, so the other rules cannot find anything there).
 * - **Parallel**: templates are shared out over worker threads, one per core, each running the
 *   guard binary on its share; {@link prefetch} starts them as soon as the templates exist, so guard
 *   runs while the other engines validate on the main thread.
 * - **Failing**: every violation is an error. The stock validator reports guard violations without
 *   a severity and `success: true` once any acknowledgement exists in the app, so an
 *   unacknowledged cfn-guard finding alone did not fail synthesis.
 *
 * Reports under the stock validator's name, so acknowledgement ids (`cdk-validator-cfnguard::<rule>`)
 * and reports are unchanged, and the findings are those of the stock validator with every rule on
 * every template (test/compliance/cfn-guard.test.ts compares them).
 */
export class ParallelCfnGuardValidator implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  private readonly rules: GuardRuleFile[];
  /** sha256 of each rule file's content, by path: part of every cache key. */
  private readonly ruleHashes: ReadonlyMap<string, string>;
  private readonly cache: ValidationCache | undefined;
  private readonly keys = new Map<string, string>();
  private readonly workers: BlockingWorkers<GuardJobResult>;
  private readonly started = new Set<string>();

  constructor(
    private readonly options: {
      /** Worker threads. @default - the number of cores */
      readonly workers?: number;
      /** Largest guard output per template, in bytes. @default 64 MiB */
      readonly maxBuffer?: number;
      /**
       * Keep each template's findings, keyed by the template's bytes, the rules' contents and the
       * validator's version, and reuse them: the same inputs give the same findings.
       * @default true
       */
      readonly cache?: boolean;
      /** Where the findings are kept. @default VALIDATION_CACHE_DIR */
      readonly cacheDir?: string;
    } = {},
  ) {
    const reference = new CfnGuardValidator({ controlTowerRulesEnabled: false });
    this.name = reference.name;
    this.version = reference.version;
    this.rules = readGuardRules();
    this.ruleHashes = new Map(
      this.rules.map((r) => [r.path, createHash('sha256').update(readFileSync(r.path)).digest('hex')]),
    );
    this.cache =
      options.cache === false
        ? undefined
        : new ValidationCache(`${this.name}@${this.version}`, options.cacheDir);
    this.workers = new BlockingWorkers<GuardJobResult>(GUARD_WORKER_SOURCE, (result) => result.template, {
      onArrival: (result) => {
        const key = this.keys.get(result.template);
        if (this.cache && key && result.report)
          this.cache.set(key, result.template, result.report.violations);
      },
    });
  }

  /** Starts checking every stack template of the app whose construct tree `root` belongs to. */
  prefetch(root: IConstruct): void {
    this.prefetchTemplates(stackTemplatesOf(root).map((s) => s.templatePath));
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates = context.templatePaths.map((p) => resolve(p));
    this.prefetchTemplates(templates);
    const violations: PolicyViolation[] = [];
    for (const template of templates) {
      const result = this.workers.await(template);
      if (result.error !== undefined) {
        throw new Error(`cfn-guard failed on ${template}:\n${result.error}`);
      }
      for (const violation of result.report!.violations) violations.push({ ...violation, severity: 'error' });
    }
    return { success: violations.length === 0, violations };
  }

  /** Starts checking these templates (those already started are skipped). */
  prefetchTemplates(templatePaths: readonly string[]): void {
    const fresh = templatePaths.map((p) => resolve(p)).filter((p) => !this.started.has(p));
    if (fresh.length === 0) return;
    for (const template of fresh) this.started.add(template);
    const jobs = fresh.flatMap((template) => {
      const job: GuardJob = {
        template,
        rules: rulesFor(this.rules, resourceTypesOf(template)).map((r) => r.path),
      };
      if (this.cache) {
        const key = this.cache.key(template, ...job.rules.map((r) => this.ruleHashes.get(r)!));
        const known = this.cache.get(key, template);
        if (known) {
          this.workers.settle(template, {
            template,
            report: { success: known.length === 0, violations: known },
          });
          return [];
        }
        this.keys.set(template, key);
      }
      return [{ job, cost: costOf(job, statSync(template).size) }];
    });
    if (jobs.length === 0) return;
    const count = Math.max(1, Math.min(this.options.workers ?? availableParallelism(), jobs.length));
    // Longest job first onto the least loaded worker: the shares finish close together.
    const shares = Array.from({ length: count }, () => ({ load: 0, jobs: [] as GuardJob[] }));
    for (const { job, cost } of jobs.sort((a, b) => b.cost - a.cost)) {
      const share = shares.reduce((min, s) => (s.load < min.load ? s : min));
      share.load += cost;
      share.jobs.push(job);
    }
    for (const share of shares.filter((s) => s.jobs.length > 0)) {
      this.workers.start({
        validatorModule: VALIDATOR_MODULE,
        jobs: share.jobs,
        maxBuffer: this.options.maxBuffer ?? 64 * 1024 * 1024,
      });
    }
  }
}
