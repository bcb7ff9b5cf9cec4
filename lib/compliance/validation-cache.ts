import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyViolation } from 'aws-cdk-lib';

/**
 * Where engine results are kept between runs: inside the project (like the Lambda bundles), so a
 * fresh clone starts empty and `npm ci` never ships one.
 */
export const VALIDATION_CACHE_DIR = join(
  __dirname,
  '..',
  '..',
  'node_modules',
  '.cache',
  'shipshape-validation',
);

/** Stands for the template's path in a stored report: outdirs differ between runs. */
const TEMPLATE = '<template>';

/**
 * The findings of one template-level engine on one template, keyed by everything they depend on:
 * the engine and its version, its rules, the template's bytes and, where the engine reads them, the
 * stack's path, account and region.
 * An engine that reads nothing but the template gives the same findings for the same key, so a
 * stored result is the result: nothing is judged again unless something it depends on changed.
 */
export class ValidationCache {
  private readonly dir: string;

  /**
   * @param engine engine id and version (e.g. `cdk-validator-cfnguard@0.0.62`): each has its own store
   * @param dir root of the stores @default VALIDATION_CACHE_DIR
   */
  constructor(engine: string, dir: string = VALIDATION_CACHE_DIR) {
    this.dir = join(dir, createHash('sha256').update(engine).digest('hex').slice(0, 16));
  }

  /** The key of a template for this engine (`extra`: account, region, rule set...). */
  key(templatePath: string, ...extra: readonly string[]): string {
    const hash = createHash('sha256');
    for (const part of extra) hash.update(part).update('\0');
    return hash.update(readFileSync(templatePath)).digest('hex');
  }

  /** Whether findings are stored for `key`. */
  has(key: string): boolean {
    return existsSync(join(this.dir, `${key}.json`));
  }

  /** The stored findings for `key`, with `templatePath` put back, or undefined. */
  get(key: string, templatePath: string): PolicyViolation[] | undefined {
    const file = join(this.dir, `${key}.json`);
    if (!existsSync(file)) return undefined;
    const stored = readFileSync(file, 'utf8')
      .split(JSON.stringify(TEMPLATE))
      .join(JSON.stringify(templatePath));
    return JSON.parse(stored) as PolicyViolation[];
  }

  /** Stores the findings of `templatePath` under `key` (atomically: runs may overlap). */
  set(key: string, templatePath: string, violations: readonly PolicyViolation[]): void {
    mkdirSync(this.dir, { recursive: true });
    const text = JSON.stringify(violations)
      .split(JSON.stringify(templatePath))
      .join(JSON.stringify(TEMPLATE));
    const file = join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
}

/** The violations of a report that concern one template (a violation may span several). */
export function violationsOf(
  violations: readonly PolicyViolation[],
  templatePath: string,
): PolicyViolation[] {
  return violations
    .map((v) => ({
      ...v,
      violatingResources: v.violatingResources.filter((r) => r.templatePath === templatePath),
    }))
    .filter((v) => v.violatingResources.length > 0);
}

/** Violations of several templates merged back into one per rule, severity and description. */
export function mergeViolations(violations: readonly PolicyViolation[]): PolicyViolation[] {
  const merged = new Map<string, PolicyViolation>();
  for (const v of violations) {
    const key = JSON.stringify([v.ruleName, v.severity, v.description]);
    const known = merged.get(key);
    merged.set(
      key,
      known ? { ...known, violatingResources: [...known.violatingResources, ...v.violatingResources] } : v,
    );
  }
  return [...merged.values()];
}
