import { environments } from '../../config';
import { ACCESS_PATHS } from '../../lib/contracts/access-paths';
import { validateConfigs } from '../../lib/config';
import { stageArtifacts } from '../support/assembly';
import { stageModel } from '../support/cfn/stage-model';
import { encryptionKeyArnOf } from '../support/iam/policies';

/*
 * What the policy engine cannot see of rotation. AWS's hosted rotations (the database secrets) get
 * their function, role and permissions from a CloudFormation transform at deploy time; that role can
 * use the secrets' key only if the schedule names it. And every rotation function of the stage must
 * be a row of the access-path table, so its invocation and grants are evaluated.
 */

describe.each(Object.keys(validateConfigs(environments)))('rotation wiring of %s', (environment) => {
  const model = stageModel(environment, stageArtifacts(environment));
  const secrets = model.ofType('AWS::SecretsManager::Secret');
  const secretOf = (arn: unknown) => secrets.find((s) => s.arn === arn);
  const schedules = model
    .ofType('AWS::SecretsManager::RotationSchedule')
    .map((s) => ({ s, p: model.props(s) }));

  test('each hosted rotation names the key of its secret (and of the master secret), in the VPC', () => {
    const hosted = schedules.filter(({ p }) => p.HostedRotationLambda !== undefined);
    expect(hosted.length).toBeGreaterThan(0);
    const problems = hosted.flatMap(({ s, p }) => {
      const h = p.HostedRotationLambda as Record<string, unknown>;
      const secret = secretOf(p.SecretId);
      const master = h.MasterSecretArn === undefined ? undefined : secretOf(h.MasterSecretArn);
      return [
        ...(secret ? [] : [`${s.path}: rotates ${String(p.SecretId)}, not a secret of this stage`]),
        ...(secret && h.KmsKeyArn !== encryptionKeyArnOf(model, secret)
          ? [`${s.path}: KmsKeyArn ${String(h.KmsKeyArn)} is not the key of ${secret.path}`]
          : []),
        ...(master && h.MasterSecretKmsKeyArn !== encryptionKeyArnOf(model, master)
          ? [`${s.path}: MasterSecretKmsKeyArn is not the key of ${master.path}`]
          : []),
        ...(h.VpcSubnetIds && h.VpcSecurityGroupIds ? [] : [`${s.path}: not in the VPC`]),
      ];
    });
    expect(problems).toEqual([]);
  });

  test('every rotation function is invoked by a row of the access-path table', () => {
    const invoked = ACCESS_PATHS.filter(
      (p) =>
        'service' in p.caller && p.caller.service === 'secretsmanager.amazonaws.com' && p.expect === 'allow',
    ).flatMap((p) => ('resource' in p.target ? model.select(p.target.resource).map((r) => r.arn) : []));
    const uncovered = schedules
      .filter(
        ({ p }) => p.RotationLambdaARN !== undefined && !invoked.includes(p.RotationLambdaARN as string),
      )
      .map(({ s, p }) => `${s.path} → ${String(p.RotationLambdaARN)}`);
    expect(uncovered).toEqual([]);
  });
});
