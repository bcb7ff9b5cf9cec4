import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * Lets CloudWatch Logs use `key` for the log groups of this account and region (the stack of
 * `scope`). Scoped by encryption context to log groups, not to one log group's ARN: naming it would
 * make the key's stack depend on the function's. An imported key cannot take the statement; its own
 * policy must already allow it.
 *
 * @param sid - the statement's Sid; statements with the same Sid on one key are written once
 */
export function allowLogsToUseKey(scope: Construct, key: kms.IKey, sid?: string): void {
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      ...(sid !== undefined ? { sid } : {}),
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}
