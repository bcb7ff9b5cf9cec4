import { Duration } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ISecret, RotationSchedule } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeGuard, ISOLATED_SUBNETS_FROM_EXPORTS, resourceOf } from '../platform/acknowledge';
import { ShipshapeFunction } from '../platform/shipshape-function';
import { grantSecretRotation } from './grants';
import { ROTATION_FUNCTION_OPTIONS } from './rotation-function';
import { DEFAULT_ROTATION_INTERVAL, PropsProblems } from './validate';

/** Props of {@link ApiKeyRotation}. */
export interface ApiKeyRotationProps {
  /** The API-key secrets (JSON `{current, previous, rotatedAt}`) to rotate. */
  readonly secrets: ISecret[];
  /** KMS key of the secrets; also encrypts the function's log group. */
  readonly key: IKey;
  /** VPC the rotation function runs in. */
  readonly vpc: IVpc;
  /** Subnets of the rotation function (isolated, with interface endpoints for Secrets Manager). */
  readonly vpcSubnets: SubnetSelection;
  /**
   * Rotation interval, whole days, at most 90 (SEC-03).
   * @default Duration.days(80)
   */
  readonly interval?: Duration;
  /**
   * Log retention of the rotation function.
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Bytes of CSPRNG output per key (hex-encoded, so twice as many characters), 16 to 64.
   * @default 32
   */
  readonly keyBytes?: number;
  /**
   * Security group of the rotation function.
   * @default - a new group with HTTPS egress to the VPC CIDR only
   */
  readonly securityGroup?: ISecurityGroup;
}

/**
 * Zero-downtime rotation of the API-key secrets: one function (lambda/rotate-api-key) and one
 * schedule per secret, least-privilege grants on exactly those secrets and the key, and an alarm on
 * the function's errors (a failed rotation, MON-10). Alarm actions are the caller's: see `alarms`.
 */
export class ApiKeyRotation extends Construct {
  readonly rotationFunction: ShipshapeFunction;
  readonly function: LambdaFunction;
  readonly schedules: RotationSchedule[];
  /** Alarms without actions; the caller adds them (e.g. an SNS topic). */
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: ApiKeyRotationProps) {
    super(scope, id);
    const interval = props.interval ?? DEFAULT_ROTATION_INTERVAL;
    const problems = new PropsProblems('ApiKeyRotation');
    if (props.secrets.length === 0) problems.add('secrets must name at least one secret');
    problems.checkInterval('interval', interval);
    const keyBytes = props.keyBytes ?? 32;
    if (!Number.isInteger(keyBytes) || keyBytes < 16 || keyBytes > 64) {
      problems.add(`keyBytes must be an integer from 16 to 64 (got ${keyBytes})`);
    }
    problems.throwIfAny();

    this.rotationFunction = new ShipshapeFunction(this, 'Rotator', {
      ...ROTATION_FUNCTION_OPTIONS,
      lambda: 'rotate-api-key',
      description: 'Rotates the API-key secrets (Secrets Manager rotation protocol)',
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      key: props.key,
      ...(props.securityGroup !== undefined ? { securityGroup: props.securityGroup } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      environment: { KEY_BYTES: String(keyBytes) },
    });
    this.function = this.rotationFunction.function;
    acknowledgeGuard(resourceOf(this.function), 'lambda_inside_vpc_check', ISOLATED_SUBNETS_FROM_EXPORTS);

    this.schedules = props.secrets.map((secret, i) => {
      // A RotationSchedule in this construct's scope (what secret.addRotationSchedule creates in
      // the secret's scope): with the secrets in a stateful stack, the schedule stays here and
      // the dependency runs one way only.
      const schedule = new RotationSchedule(this, `Schedule${i}`, {
        secret,
        rotationLambda: this.function,
        automaticallyAfter: interval,
      });
      grantSecretRotation(this.rotationFunction, secret, props.key);
      return schedule;
    });

    this.alarms = [
      this.rotationFunction.errorsAlarm(
        'ErrorsAlarm',
        'API-key rotation failed (MON-10): see the rotation runbook',
      ),
    ];
  }
}
