import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ShipshapeFunction } from '../platform/shipshape-function';

/**
 * What the rotation protocol needs on one secret, and on its key only through Secrets Manager.
 * (RotationSchedule would add these too, plus GetRandomPassword on `*` which our handlers never
 * call; the function's role is immutable to it, so this is the complete grant.)
 */
export function grantSecretRotation(fn: ShipshapeFunction, secret: ISecret, key: IKey): void {
  const stack = Stack.of(fn);
  fn.addToPolicy(
    new PolicyStatement({
      actions: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
    }),
  );
  fn.addToPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
    }),
  );
}
