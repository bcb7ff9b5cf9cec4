import type { AccessPath } from '../access-path';
import { fromSource } from './context';

/** Logs: every function's own group, flow logs, the keys of every log group. */
export const LOGGING_PATHS: readonly AccessPath[] = [
  ...(
    [
      ['api-key-rotator', 'Data:ApiKeyRotation/Rotator'],
      ['cache-rotator', 'Data:CacheUserRotation/Rotator'],
      ['redeployer', 'Service:RedeployOnRotation/Redeployer'],
    ] as const
  ).map(
    ([name, base]): AccessPath => ({
      id: `${name}-writes-own-logs`,
      purpose: `Lambda writes the ${name}'s output to its own log group with the function role`,
      caller: { role: `${base}/Role` },
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      target: { resource: `${base}/LogGroup`, suffix: ':log-stream:2026/01/01/[$LATEST]0123' },
      expect: 'allow',
    }),
  ),
  {
    id: 'formatter-writes-own-logs',
    purpose: "Lambda writes the formatter's output to its own log group with the function role",
    caller: { role: 'Monitoring:Webhooks/Role' },
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    target: { resource: 'Monitoring:Webhooks/LogGroup', suffix: ':log-stream:2026/01/01/[$LATEST]0123' },
    requires: 'webhooks',
    expect: 'allow',
  },
  ...(
    [
      [
        'app-user-provisioner',
        'Data:Database/AppUser/Function/ServiceRole',
        'Data:Database/AppUser/LogGroup',
      ],
      [
        'app-user-provider',
        'Data:Database/AppUser/Provider/framework-onEvent/ServiceRole',
        'Data:Database/AppUser/ProviderLogGroup',
      ],
    ] as const
  ).map(
    ([name, role, group]): AccessPath => ({
      id: `${name}-writes-own-logs`,
      purpose: `Lambda writes the ${name}'s output to its own log group with the function role`,
      caller: { role },
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      target: { resource: group, suffix: ':log-stream:2026/01/01/[$LATEST]0123' },
      grantedBy: {
        awsManagedPolicy: 'service-role/AWSLambdaBasicExecutionRole',
        reason:
          'CDK gives these functions the AWS managed basic execution policy; its text is not in any template',
      },
      expect: 'allow',
    }),
  ),
  {
    id: 'rds-monitoring-publishes-os-metrics',
    purpose: 'Enhanced Monitoring writes the instance OS metrics to CloudWatch Logs',
    caller: { role: 'Data:Database/Instance/MonitoringRole' },
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    target: {
      arn: 'arn:{partition}:logs:{region}:{account}:log-group:RDSOSMetrics:log-stream:db-0123456789',
    },
    grantedBy: {
      awsManagedPolicy: 'service-role/AmazonRDSEnhancedMonitoringRole',
      reason:
        'the monitoring role holds the AWS managed Enhanced Monitoring policy; its text is not in any template',
    },
    expect: 'allow',
  },
  {
    id: 'flow-logs-write-log-group',
    purpose: 'VPC flow logs deliver every flow record to the encrypted flow log group',
    caller: { role: 'Network:Network/Vpc/All/IAMRole' },
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    target: { resource: 'Network:Network/FlowLogs', suffix: ':log-stream:eni-0123456789abcdef0-all' },
    expect: 'allow',
  },
  {
    id: 'logs-use-each-log-group-key',
    purpose: 'CloudWatch Logs encrypts and decrypts every encrypted log group of the stage with its key',
    caller: { service: 'logs.{region}.amazonaws.com' },
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'],
    target: { each: 'AWS::Logs::LogGroup', keyOf: true },
    context: { 'kms:EncryptionContext:aws:logs:arn': '{arn}' },
    expect: 'allow',
  },
  {
    id: 'elb-writes-access-logs',
    purpose: 'The ALB delivers its access logs (the regional ELB account, as logAccessLogs configures it)',
    caller: { elbLogDelivery: true },
    actions: ['s3:PutObject'],
    target: {
      resource: 'Service:AccessLogs/Bucket',
      suffix: '/alb/AWSLogs/{account}/elasticloadbalancing/{region}/2026/01/01/access.log.gz',
    },
    context: { 's3:TlsVersion': '1.2' },
    expect: 'allow',
  },
  {
    id: 'model-bucket-server-access-logs',
    purpose: 'S3 writes the model bucket server access logs to the log bucket',
    caller: { service: 'logging.s3.amazonaws.com' },
    actions: ['s3:PutObject'],
    target: { resource: 'Service:AccessLogs/Bucket', suffix: '/s3/model-bucket/2026-01-01-00-00-00-0123' },
    source: 'Service:Models/Bucket',
    context: { ...fromSource, 's3:TlsVersion': '1.2' },
    expect: 'allow',
  },
  {
    id: 'canary-bucket-server-access-logs',
    purpose: 'S3 writes the canary artifacts bucket server access logs to the monitoring log bucket',
    caller: { service: 'logging.s3.amazonaws.com' },
    actions: ['s3:PutObject'],
    target: {
      resource: 'Monitoring:AccessLogs/Bucket',
      suffix: '/s3/canary-artifacts/2026-01-01-00-00-00-0123',
    },
    source: 'Monitoring:Canary/ArtifactsBucket',
    context: { ...fromSource, 's3:TlsVersion': '1.2' },
    expect: 'allow',
  },
];
