import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * An ECS task execution role: what the ECS agent needs to start a task. Pulling the image and
 * writing logs are granted by the task definition; ECS grants GetSecretValue on each secret a
 * container references. Their values are encrypted with the stage's secrets key, which the agent
 * may use through Secrets Manager only.
 */
export function taskExecutionRole(
  scope: Construct,
  id: string,
  props: { readonly secretsKey: kms.IKey; readonly description: string },
): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    description: props.description,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DecryptSecretsViaSecretsManager',
      actions: ['kms:Decrypt'],
      resources: [props.secretsKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(scope).region}.amazonaws.com` },
      },
    }),
  );
  return role;
}
