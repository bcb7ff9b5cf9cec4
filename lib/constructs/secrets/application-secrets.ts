import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { API_KEY_NAMES, type ApiKeyName } from '../../stacks/data-tier';

/** Tag that marks a secret's purpose; the ProductionReadiness rules key on it. */
export const PURPOSE_TAG = 'shipshape:purpose';
/** Length of a generated API key before its first rotation (lower-case alphanumerics). */
export const INITIAL_KEY_LENGTH = 64;

/** Props of {@link ApplicationSecrets}. */
export interface ApplicationSecretsProps {
  /** Stage name, shown in descriptions. */
  readonly stageName: string;
  /** CMK of every secret. */
  readonly secretsKey: kms.IKey;
  /** Named third-party secrets from config (service.secrets). */
  readonly appSecrets: readonly { readonly name: string; readonly description: string }[];
}

/**
 * The API keys and the named application secrets. They are state that clients and third parties
 * hold, so they are always retained: deleting a stack must not invalidate every client's key.
 *
 * - PUBLIC_API_KEY / ADMIN_API_KEY: generated per stage by Secrets Manager (never a literal), JSON
 *   `{"current","previous","rotatedAt"}` so every version carries both valid keys (rotation.md).
 * - Named secrets (SMTP password, error-tracker DSN, AI-provider keys, OAuth client secret): a
 *   generated placeholder the operator replaces with `aws secretsmanager put-secret-value`
 *   (docs/rotate-now.md); their issuers rotate them.
 */
export class ApplicationSecrets extends Construct {
  /** The two API-key secrets. */
  public readonly apiKeys: Record<ApiKeyName, secretsmanager.Secret>;
  /** The named application secrets, by variable name. */
  public readonly appSecrets: Record<string, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: ApplicationSecretsProps) {
    super(scope, id);
    this.apiKeys = Object.fromEntries(
      API_KEY_NAMES.map((name) => {
        const secret = new secretsmanager.Secret(this, secretConstructId(name), {
          description: `Shipshape ${props.stageName}: ${name} ({current, previous, rotatedAt}; rotated on schedule)`,
          encryptionKey: props.secretsKey,
          removalPolicy: RemovalPolicy.RETAIN,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ previous: '', rotatedAt: '' }),
            generateStringKey: 'current',
            passwordLength: INITIAL_KEY_LENGTH,
            excludePunctuation: true,
            excludeUppercase: true,
            includeSpace: false,
          },
        });
        Tags.of(secret).add(PURPOSE_TAG, 'api-key');
        return [name, secret];
      }),
    ) as Record<ApiKeyName, secretsmanager.Secret>;

    this.appSecrets = Object.fromEntries(
      props.appSecrets.map(({ name, description }) => {
        const secret = new secretsmanager.Secret(this, secretConstructId(name), {
          description: `Shipshape ${props.stageName}: ${name}: ${description} (set the value with put-secret-value)`,
          encryptionKey: props.secretsKey,
          removalPolicy: RemovalPolicy.RETAIN,
          generateSecretString: { passwordLength: 32, excludePunctuation: true },
        });
        Tags.of(secret).add(PURPOSE_TAG, 'app-secret');
        return [name, secret];
      }),
    );
  }
}

/** PUBLIC_API_KEY → PublicApiKey: stable construct ids from variable names. */
export function secretConstructId(name: string): string {
  return name
    .toLowerCase()
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
