import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';

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

/** The rules that can match something in templates holding `present` resource types. */
export function rulesFor(rules: readonly GuardRuleFile[], present: ReadonlySet<string>): GuardRuleFile[] {
  return rules.filter((r) => r.types.size === 0 || [...r.types].some((t) => present.has(t)));
}

/**
 * cfn-guard with the Control Tower rules, scoped to the resource types the templates contain.
 *
 * The guard binary evaluates every rule file against every template, in one single-threaded
 * process: over the whole app that was ~47 s of a ~60 s synth, about half of it spent on rule
 * families for services Shipshape does not deploy (Redshift, EMR, API Gateway, ...). A guard rule
 * only ever inspects the resource types it selects, so dropping the rules whose types appear in no
 * template changes no finding: the same rules run on the same resources. A rule file that names
 * no type is always run. Reports under the validator's own plugin name, so acknowledgement ids
 * (`cdk-validator-cfnguard::<rule>`) and reports are unchanged.
 */
export class ScopedCfnGuardValidator implements IPolicyValidationPlugin {
  public readonly name: string;
  public readonly version?: string;
  private readonly rules: GuardRuleFile[];

  constructor(private readonly maxBuffer = 64 * 1024 * 1024) {
    const reference = new CfnGuardValidator({ controlTowerRulesEnabled: false });
    this.name = reference.name;
    this.version = reference.version;
    this.rules = readGuardRules();
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const present = new Set<string>();
    for (const path of context.templatePaths) {
      const template = JSON.parse(readFileSync(path, 'utf8')) as {
        Resources?: Record<string, { Type?: string }>;
      };
      for (const resource of Object.values(template.Resources ?? {}))
        if (resource.Type) present.add(resource.Type);
    }
    const selected = rulesFor(this.rules, present);
    if (selected.length === 0) return { success: true, violations: [] };
    return new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: selected.map((r) => r.path),
      maxBuffer: this.maxBuffer,
    }).validate(context);
  }
}
