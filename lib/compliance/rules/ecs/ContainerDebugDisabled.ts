import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { containersOf, environmentOf } from '../utils/containers';

/** `DEBUG`, `FLASK_DEBUG`, `APP_DEBUG`, ... */
const DEBUG_NAME = /(^|_)DEBUG$/i;
const OFF_VALUES = new Set(['', '0', 'false', 'no', 'off']);

/**
 * No container enables a debug mode: every `DEBUG`/`*_DEBUG` environment variable is absent or one of
 * `false`, `0`, `no`, `off` or empty (case-insensitive). SEC-06.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      for (const env of environmentOf(container)) {
        if (!DEBUG_NAME.test(env.name)) continue;
        const value: unknown = NagRules.resolveIfPrimitive(node, env.value);
        if (value === undefined) continue;
        if (!OFF_VALUES.has(String(value).trim().toLowerCase())) return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
