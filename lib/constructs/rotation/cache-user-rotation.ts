import { Duration, Token } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { ISecurityGroup, IVpc, Peer, Port, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
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

/** Props of {@link CacheUserRotation}. */
export interface CacheUserRotationProps {
  /** The cache-user secret (JSON `{username, userId, password}`). */
  readonly secret: ISecret;
  /** KMS key of the secret; also encrypts the function's log group. */
  readonly key: IKey;
  /** VPC the rotation function runs in (it must reach the cache and the AWS APIs). */
  readonly vpc: IVpc;
  /** Subnets of the rotation function. */
  readonly vpcSubnets: SubnetSelection;
  /** Replication group primary (or configuration) endpoint host. */
  readonly cacheHost: string;
  /** Replication group endpoint port. */
  readonly cachePort: number;
  /** ARN of the ElastiCache user whose passwords are rotated (scopes ModifyUser/DescribeUsers). */
  readonly cacheUserArn: string;
  /**
   * Whether the cache requires TLS (in-transit encryption).
   * @default true
   */
  readonly cacheTls?: boolean;
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
   * Security group of the rotation function. The cache's group must admit it on `cachePort`
   * (`cacheSg.connections.allowFrom(rotation.securityGroup, Port.tcp(port))`).
   * @default - a new group with egress HTTPS and `cachePort` to the VPC CIDR only
   */
  readonly securityGroup?: ISecurityGroup;
}

/**
 * Rotation of an ElastiCache RBAC user's password (lambda/rotate-cache-user): the user holds the
 * current and the pending password during rotation, the pending one is proven by a real TLS login
 * before promotion. Grants only ModifyUser/DescribeUsers on that user and the protocol's Secrets
 * Manager actions on that secret; alarm on the function's errors.
 */
export class CacheUserRotation extends Construct {
  readonly rotationFunction: ShipshapeFunction;
  readonly function: LambdaFunction;
  readonly schedule: RotationSchedule;
  /** Security group of the rotation function, for the cache's ingress rule. */
  readonly securityGroup: ISecurityGroup;
  /** Alarms without actions; the caller adds them. */
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: CacheUserRotationProps) {
    super(scope, id);
    const interval = props.interval ?? DEFAULT_ROTATION_INTERVAL;
    const problems = new PropsProblems('CacheUserRotation');
    problems.checkInterval('interval', interval);
    if (
      !Token.isUnresolved(props.cachePort) &&
      (!Number.isInteger(props.cachePort) || props.cachePort < 1 || props.cachePort > 65535)
    ) {
      problems.add(`cachePort must be a TCP port (got ${props.cachePort})`);
    }
    if (!Token.isUnresolved(props.cacheHost) && props.cacheHost === '')
      problems.add('cacheHost must not be empty');
    if (
      !Token.isUnresolved(props.cacheUserArn) &&
      !/^arn:[^:]+:elasticache:[^:]*:\d{12}:user:.+$/.test(props.cacheUserArn)
    ) {
      problems.add(`cacheUserArn must be an ElastiCache user ARN (got ${props.cacheUserArn})`);
    }
    problems.throwIfAny();

    this.rotationFunction = new ShipshapeFunction(this, 'Rotator', {
      ...ROTATION_FUNCTION_OPTIONS,
      lambda: 'rotate-cache-user',
      description: 'Rotates the ElastiCache RBAC user password (Secrets Manager rotation protocol)',
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      key: props.key,
      // Two waits for the user to be active plus two TLS logins.
      timeout: Duration.minutes(4),
      ...(props.securityGroup !== undefined ? { securityGroup: props.securityGroup } : {}),
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      environment: {
        CACHE_HOST: props.cacheHost,
        CACHE_PORT: Token.isUnresolved(props.cachePort)
          ? Token.asString(props.cachePort)
          : String(props.cachePort),
        CACHE_TLS: props.cacheTls === false ? 'false' : 'true',
        USER_ACTIVE_TIMEOUT_MS: '100000',
        USER_ACTIVE_POLL_MS: '3000',
      },
    });
    this.function = this.rotationFunction.function;
    acknowledgeGuard(resourceOf(this.function), 'lambda_inside_vpc_check', ISOLATED_SUBNETS_FROM_EXPORTS);
    this.securityGroup = this.rotationFunction.securityGroup;
    if (props.securityGroup === undefined) {
      this.securityGroup.addEgressRule(
        Peer.ipv4(props.vpc.vpcCidrBlock),
        Port.tcp(props.cachePort),
        'Cache endpoint',
      );
    }

    this.schedule = new RotationSchedule(this, 'Schedule', {
      secret: props.secret,
      rotationLambda: this.function,
      automaticallyAfter: interval,
    });
    grantSecretRotation(this.rotationFunction, props.secret, props.key);
    this.rotationFunction.addToPolicy(
      new PolicyStatement({
        actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
        resources: [props.cacheUserArn],
      }),
    );

    this.alarms = [
      this.rotationFunction.errorsAlarm(
        'ErrorsAlarm',
        'Cache-user rotation failed (MON-10): see the rotation runbook',
      ),
    ];
  }
}
