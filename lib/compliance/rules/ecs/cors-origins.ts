import type { CfnResource } from 'aws-cdk-lib';
import { NagRules } from 'cdk-nag';
import { containersOf, environmentOf } from '../rule-utils';

/** Environment variables that carry the API's CORS allow-list (comma-separated origins). */
export const CORS_VARIABLES = new Set(['CORS_ORIGINS', 'CORS_ALLOWED_ORIGINS']);

/** Every origin listed in a CORS variable of any container of the task definition. */
export function corsOrigins(node: CfnResource, containerDefinitions: unknown): string[] {
  const origins: string[] = [];
  for (const container of containersOf(node, containerDefinitions)) {
    for (const env of environmentOf(container)) {
      if (!CORS_VARIABLES.has(env.name)) continue;
      const value: unknown = NagRules.resolveIfPrimitive(node, env.value);
      if (value === undefined) continue;
      origins.push(
        ...String(value)
          .split(',')
          .map((o) => o.trim()),
      );
    }
  }
  return origins;
}
