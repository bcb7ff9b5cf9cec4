import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The Control Tower proactive-control rules shipped with the validator. */
export const CONTROL_TOWER_RULES_DIR = join(
  dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
  'rules/control-tower/cfn-guard',
);

/** A guard rule file and the CloudFormation resource types it inspects. */
export interface GuardRuleFile {
  readonly path: string;
  /** Types the rule selects (`Resources.*[ Type == "AWS::…" ]`); empty means "unknown: always run". */
  readonly types: ReadonlySet<string>;
}

const TYPE = /["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g;

/** Every rule file below `dir`, with the resource types it names. */
export function readGuardRules(dir = CONTROL_TOWER_RULES_DIR): GuardRuleFile[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.guard'))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return { path, types: new Set([...readFileSync(path, 'utf8').matchAll(TYPE)].map((m) => m[1]!)) };
    });
}

/**
 * The rules that can match something in a template holding `present` resource types. A guard rule
 * only ever inspects the resource types it selects, so a rule whose types are all absent finds
 * nothing; a rule file that names no type is always kept.
 */
export function rulesFor(rules: readonly GuardRuleFile[], present: ReadonlySet<string>): GuardRuleFile[] {
  return rules.filter((r) => r.types.size === 0 || [...r.types].some((t) => present.has(t)));
}

/** The resource types a CloudFormation template (JSON) holds. */
export function resourceTypesOf(templatePath: string): Set<string> {
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as {
    Resources?: Record<string, { Type?: string }>;
  };
  const types = new Set<string>();
  for (const resource of Object.values(template.Resources ?? {})) if (resource.Type) types.add(resource.Type);
  return types;
}
