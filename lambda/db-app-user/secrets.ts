/**
 * The secrets the provisioner reads: the master user's, the app user's and the migrator's. Every
 * password read is added to `known`, so the handler can redact it from any message that leaves.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseJsonSecret } from '../shared/json-secret';
import type { ParsedProperties } from './properties';
import type { Credentials } from './spec';

const secretsManager = new SecretsManagerClient({});

/** A database secret: its login and every field (for the rotation-shape check). */
export interface SecretJson extends Credentials {
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Reads a secret that must hold a JSON object with a non-empty `username` and `password`. */
export async function readSecret(arn: string, label: string, known: string[]): Promise<SecretJson> {
  const result = await secretsManager.send(new GetSecretValueCommand({ SecretId: arn }));
  if (typeof result.SecretString !== 'string') throw new Error(`${label} secret has no SecretString`);
  const fields = parseJsonSecret(result.SecretString, `${label} secret`);
  if (typeof fields['password'] === 'string') known.push(fields['password']);
  const missing = ['username', 'password'].filter((k) => typeof fields[k] !== 'string' || fields[k] === '');
  if (missing.length > 0) throw new Error(`${label} secret lacks string field(s): ${missing.join(', ')}`);
  return { username: fields['username'] as string, password: fields['password'] as string, fields };
}

/**
 * Warns (never fails: the rotation is wired separately and may come later) when the app-user secret
 * would not work with AWS's PostgreSQL multi-user rotation function, which requires engine, host,
 * username, password and masterarn, and reads dbname and port when present.
 */
export function rotationShapeWarnings(
  fields: Readonly<Record<string, unknown>>,
  props: ParsedProperties,
): string[] {
  const warnings: string[] = [];
  for (const key of ['engine', 'host', 'masterarn']) {
    if (typeof fields[key] !== 'string')
      warnings.push(`app user secret has no "${key}" (multi-user rotation needs it)`);
  }
  if (
    fields['engine'] !== undefined &&
    fields['engine'] !== 'postgres' &&
    fields['engine'] !== 'aurora-postgresql'
  ) {
    warnings.push('app user secret engine is neither "postgres" nor "aurora-postgresql"');
  }
  if (fields['dbname'] !== undefined && fields['dbname'] !== props.databaseName) {
    warnings.push(`app user secret dbname differs from DatabaseName "${props.databaseName}"`);
  }
  return warnings;
}
