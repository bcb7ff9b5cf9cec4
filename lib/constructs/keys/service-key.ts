import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** What a stage decides about one of its keys (plain data; a key needs no wiring). */
export interface ServiceKeyOptions {
  /** What the key protects, shown in its description and alias. */
  readonly purpose: string;
  /** Stage name, used in the alias (alias/shipshape/<stage>/<purpose>). */
  readonly stageName: string;
  /**
   * AWS service principals (e.g. "logs", "sns", "backup") allowed to use the key through the
   * service, each limited to this account and region by condition.
   * @default - none: only IAM principals of the account (granted explicitly)
   */
  readonly servicePrincipals?: readonly string[];
  /** Keep the key when the stack is deleted (production). Data encrypted by a deleted key is lost. */
  readonly retain: boolean;
}

/** Props of {@link ServiceKey}: its options alone. */
export type ServiceKeyProps = ServiceKeyOptions;

/**
 * A customer-managed KMS key with yearly rotation. Key policy: the account root (so IAM policies
 * can grant use, the CDK default) plus, per listed service, encrypt/decrypt via that service in
 * this account only.
 */
export class ServiceKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;
  /** The key's alias name (`alias/shipshape/<stage>/<purpose>`). */
  public readonly aliasName: string;

  constructor(scope: Construct, id: string, props: ServiceKeyProps) {
    super(scope, id);
    const { account, region } = Stack.of(this);
    this.aliasName = `alias/shipshape/${props.stageName}/${props.purpose}`;
    this.key = new kms.Key(this, 'Key', {
      description: `Shipshape ${props.stageName}: ${props.purpose}`,
      alias: this.aliasName,
      enableKeyRotation: true,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Grants let a principal pass the key on; only AWS services acting for a resource may create them.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyGrantsExceptToAwsServices',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    );
    for (const service of props.servicePrincipals ?? []) {
      const principal = service === 'logs' ? `logs.${region}.amazonaws.com` : `${service}.amazonaws.com`;
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `Allow${service.replace(/[^A-Za-z0-9]/g, '')}Service`,
          principals: [new iam.ServicePrincipal(principal)],
          actions: [
            'kms:Encrypt*',
            'kms:Decrypt*',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:Describe*',
          ],
          resources: ['*'],
          conditions:
            service === 'logs'
              ? {
                  ArnLike: {
                    'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:*`,
                  },
                }
              : { StringEquals: { 'aws:SourceAccount': account } },
        }),
      );
    }
  }
}
