import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DataTier } from '../../contracts/data-tier';

/** What the container receives: plain settings and secrets injected by ECS from Secrets Manager. */
export interface ContainerEnvironment {
  /** Plain variables (no credential among them; config validation rejects credential-like names). */
  readonly environment: Record<string, string>;
  /** Variables ECS fills from Secrets Manager at task start (never written into the task definition). */
  readonly secrets: Record<string, ecs.Secret>;
}

/** What config decides about the container's variables (plain data). */
export interface ContainerEnvironmentOptions {
  /** ENVIRONMENT the app receives. */
  readonly appEnvironment: string;
  /** DEBUG the app receives. */
  readonly debug: boolean;
  /** AUTH_ENABLED the app receives. */
  readonly authEnabled: boolean;
  /** Allowed CORS origins, passed as CORS_ORIGINS (comma-separated). */
  readonly corsOrigins: readonly string[];
  /** LOG_LEVEL the app receives. */
  readonly logLevel: string;
  /** Extra plain variables (never credentials); every Shipshape-owned name wins over them. */
  readonly environment: Readonly<Record<string, string>>;
  /** Named application secrets the container must receive, by variable name. */
  readonly secrets: readonly { readonly name: string }[];
}

/**
 * The application contract's variables (docs/app-contract.md): the settings config decides, the
 * data tier's endpoints (CFG-04: the database address comes from the stack, never typed by hand)
 * and every credential as a Secrets Manager reference (SEC-12, CFG-05).
 *
 * The secrets are referenced by ARN under `scope` rather than used as the data stack's constructs:
 * granting read on a secret construct with a KMS key would add the execution role to that key's
 * policy in the data stack, making the data stack depend on this one. The execution role gets
 * kms:Decrypt through Secrets Manager on the secrets key instead ({@link ApiService}).
 */
export function containerEnvironment(
  scope: Construct,
  service: ContainerEnvironmentOptions,
  data: DataTier,
  modelBucketName: string,
): ContainerEnvironment {
  const environment: Record<string, string> = {
    ...databaseEnvironment(service, data),
    AUTH_ENABLED: String(service.authEnabled),
    CORS_ORIGINS: service.corsOrigins.join(','),
    CACHE_HOST: data.cacheHost,
    CACHE_PORT: String(data.cachePort),
    CACHE_TLS: 'true',
    MODEL_BUCKET: modelBucketName,
  };
  const field = secretReferences(scope, 'SecretReferences');
  const secrets: Record<string, ecs.Secret> = {
    PUBLIC_API_KEY: field(data.apiKeySecrets.PUBLIC_API_KEY, 'current'),
    PUBLIC_API_KEY_PREVIOUS: field(data.apiKeySecrets.PUBLIC_API_KEY, 'previous'),
    ADMIN_API_KEY: field(data.apiKeySecrets.ADMIN_API_KEY, 'current'),
    ADMIN_API_KEY_PREVIOUS: field(data.apiKeySecrets.ADMIN_API_KEY, 'previous'),
    DB_USERNAME: field(data.databaseAppUserSecret, 'username'),
    DB_PASSWORD: field(data.databaseAppUserSecret, 'password'),
    CACHE_USERNAME: field(data.cacheUserSecret, 'username'),
    CACHE_PASSWORD: field(data.cacheUserSecret, 'password'),
  };
  for (const { name } of service.secrets) {
    const secret = data.appSecrets[name];
    if (!secret) {
      throw new Error(
        `service.secrets names "${name}" but the data tier has no such secret (it has: ${Object.keys(data.appSecrets).join(', ') || 'none'})`,
      );
    }
    secrets[name] = field(secret);
  }
  for (const [name, secret] of Object.entries(data.appSecrets)) secrets[name] ??= field(secret);
  return { environment, secrets };
}

/**
 * What the one-off migration task receives: the settings and the database address the API gets,
 * and the **migrator's** credentials (the role that owns the schema and may run DDL) instead of the
 * app user's. No API key, cache credential or application secret: a migration needs none of them.
 */
export function migrationEnvironment(
  scope: Construct,
  service: ContainerEnvironmentOptions,
  data: DataTier,
): ContainerEnvironment {
  const field = secretReferences(scope, 'MigrationSecretReferences');
  return {
    environment: databaseEnvironment(service, data),
    secrets: {
      DB_USERNAME: field(data.databaseMigratorSecret, 'username'),
      DB_PASSWORD: field(data.databaseMigratorSecret, 'password'),
    },
  };
}

/** The contract's common settings and the database address (CFG-04: from the stack, never typed). */
function databaseEnvironment(service: ContainerEnvironmentOptions, data: DataTier): Record<string, string> {
  return {
    // Config's own variables first: every Shipshape-owned name below wins (validation also refuses them).
    ...service.environment,
    ENVIRONMENT: service.appEnvironment,
    DEBUG: String(service.debug),
    LOG_LEVEL: service.logLevel,
    DB_HOST: data.databaseProxyEndpoint,
    DB_PORT: String(data.databasePort),
    DB_NAME: data.databaseName,
    DB_SSLMODE: 'require',
  };
}

/** A function turning a secret (and a JSON field) into an ECS secret referenced by ARN under `id`. */
function secretReferences(scope: Construct, id: string) {
  const references = new Construct(scope, id);
  const imported = new Map<secretsmanager.ISecret, secretsmanager.ISecret>();
  return (secret: secretsmanager.ISecret, key?: string): ecs.Secret => {
    let reference = imported.get(secret);
    if (!reference) {
      reference = secretsmanager.Secret.fromSecretCompleteArn(
        references,
        `Secret${imported.size}`,
        secret.secretArn,
      );
      imported.set(secret, reference);
    }
    return ecs.Secret.fromSecretsManager(reference, key);
  };
}
