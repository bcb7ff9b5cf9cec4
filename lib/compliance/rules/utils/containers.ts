/** ECS container definitions as rules read them: containers, their environment, CORS origins. */
import type { CfnResource } from 'aws-cdk-lib';
import { NagRules } from 'cdk-nag';
import { asArray, isRecord, type Resolved, resolve } from './values';

/** Container definitions of a task definition, resolved (camelCase keys as the L1 holds them). */
export function containersOf(
  node: CfnResource,
  containerDefinitions: unknown,
): { [key: string]: Resolved }[] {
  return asArray(resolve(node, containerDefinitions)).filter(isRecord);
}

/** `{ name, value }` pairs of a container's `environment`. */
export function environmentOf(container: { [key: string]: Resolved }): { name: string; value: Resolved }[] {
  return asArray(container.environment)
    .filter(isRecord)
    .filter((e): e is { [key: string]: Resolved } & { name: string } => typeof e.name === 'string')
    .map((e) => ({ name: e.name as string, value: e.value }));
}

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
