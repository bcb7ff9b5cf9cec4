import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeInPacks, resourceOf } from '../platform/acknowledge';
import { secretConstructId } from '../../contracts/construct-ids';
import { API_KEY_NAMES, type ApiKeyName } from '../../contracts/data-tier';
import { HIPAA_AND_NIST } from '../../contracts/compliance-packs';
import { API_KEY_PURPOSE, APP_SECRET_PURPOSE, PURPOSE_TAG_KEY } from '../../contracts/tags';

/** Length of a generated API key before its first rotation (lower-case alphanumerics). */
export const INITIAL_KEY_LENGTH = 64;

/** A named application secret: the variable the container receives it under, and what it is. */
export interface AppSecretSpec {
  /** Upper-case variable name, e.g. SMTP_PASSWORD. */
  readonly name: string;
  /** What the secret is, shown in its description. */
  readonly description: string;
}

/** What config decides about the application secrets (plain data). */
export interface ApplicationSecretsOptions {
  /** Stage name, shown in descriptions. */
  readonly stageName: string;
  /** Named third-party secrets (SMTP password, DSN, AI-provider keys, OAuth client secret). */
  readonly appSecrets: readonly AppSecretSpec[];
}

/** Props of {@link ApplicationSecrets}: its options and the key of every secret. */
export interface ApplicationSecretsProps extends ApplicationSecretsOptions {
  /** CMK of every secret. */
  readonly secretsKey: kms.IKey;
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
        Tags.of(secret).add(PURPOSE_TAG_KEY, API_KEY_PURPOSE);
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
        Tags.of(secret).add(PURPOSE_TAG_KEY, APP_SECRET_PURPOSE);
        const reason = `${name} is a third-party credential: its issuer rotates it and the operator stores the new value (docs/rotate-now.md). Secrets Manager cannot rotate it for the issuer.`;
        acknowledge(resourceOf(secret), 'AwsSolutions-SMG4', reason);
        acknowledgeInPacks(resourceOf(secret), HIPAA_AND_NIST, 'SecretsManagerRotationEnabled', reason);
        return [name, secret];
      }),
    );
  }
}
