// One table of every rule's messages and checklist ids, in report order: the only place that maps
// a rule of ours to checklist ids (the register and the findings read it from here).
import { type ProductionReadinessRuleSpec, spec } from './rule-spec';

/** Every rule of the pack, with the checklist ids it enforces. Order is report order. */
export const PRODUCTION_READINESS_RULES: readonly ProductionReadinessRuleSpec[] = [
  spec('ApiKeySecretGenerated', {
    checklistIds: ['SEC-01', 'SEC-13'],
    productionOnly: false,
    info: 'The API-key secret (tag shipshape:purpose=api-key) has a literal SecretString or no GenerateSecretString.',
    explanation:
      'API keys are generated per environment by Secrets Manager and never written in code or templates. Use GenerateSecretString and drop SecretString.',
  }),
  spec('ApiKeySecretLength', {
    checklistIds: ['SEC-02'],
    productionOnly: false,
    info: 'The API-key secret is generated with fewer than 32 characters or an alphabet below 128 bits of entropy.',
    explanation:
      'Keys must be strong random values (openssl rand -hex 32 equivalent). Leave PasswordLength unset (32) or set it to 32 or more, and keep letters in the alphabet.',
  }),
  spec('ApiKeySecretRotation', {
    checklistIds: ['SEC-03'],
    productionOnly: false,
    info: 'The API-key secret has no rotation schedule with a rotation function and an interval within the policy maximum.',
    explanation:
      'Keys are rotated at least every maxRotationDays (policy, default 90). Add a RotationSchedule in the same Stage whose SecretId refers to the secret, with RotationLambdaARN or HostedRotationLambda and AutomaticallyAfterDays (or a rate()/cron() ScheduleExpression) within the maximum.',
  }),
  spec('NoRawOverrides', {
    checklistIds: ['CFG-01'],
    productionOnly: false,
    info: 'The resource has raw overrides (addOverride/addPropertyOverride), which construct-level rules cannot see.',
    explanation:
      'Overrides are written into the template after every rule has judged the typed properties, so they could undo a production invariant unseen. Set the typed property instead (cfnResource.prop = value), or acknowledge this finding on the resource naming the overridden property and why.',
  }),
  spec('SecretRotationInterval', {
    checklistIds: ['SEC-03', 'DB-06'],
    productionOnly: false,
    info: 'A rotation schedule rotates less often than the policy maximum, or its interval cannot be bounded.',
    explanation:
      'Every credential with a rotation schedule (database, cache, API keys) rotates at least every maxRotationDays (policy, default 90). Use AutomaticallyAfterDays or a rate(N days) ScheduleExpression within the maximum.',
  }),
  spec('ContainerAuthEnabled', {
    checklistIds: ['SEC-17'],
    productionOnly: true,
    info: 'A serving container (it maps a port) does not set AUTH_ENABLED=true.',
    explanation:
      'In production the API requires a key on every path but its health paths. Set AUTH_ENABLED=true in the container environment (service.authEnabled); an escape hatch that removes or flips it is refused here.',
  }),
  spec('ContainerImagePinned', {
    checklistIds: ['SEC-19', 'DOCK-01'],
    productionOnly: true,
    info: 'A container image has no tag, the tag latest, and no digest.',
    explanation:
      'Production runs a reviewed image: pin a version tag (immutable in ECR) or a digest (service.image.tag or digest). latest moves under a running service.',
  }),
  spec('VpcNatGatewayRedundancy', {
    checklistIds: ['DOCK-03'],
    productionOnly: true,
    info: 'The VPC routes through a single NAT gateway.',
    explanation:
      'With one NAT gateway, losing its Availability Zone cuts every task off from the AWS APIs and external providers. Use at least two (network.natGateways).',
  }),
  spec('BackupPlanRetention', {
    checklistIds: ['DB-02', 'LEG-01'],
    productionOnly: false,
    info: 'A backup plan rule deletes recovery points sooner than the policy minimum.',
    explanation:
      'Backups are kept at least minBackupPlanRetentionDays (production: 35, retention.dailyBackupDays). Raise DeleteAfterDays of every rule.',
  }),
  spec('ContainerEnvironmentProduction', {
    checklistIds: ['SEC-05'],
    productionOnly: true,
    info: 'The task definition does not set ENVIRONMENT=production (or sets it to another value).',
    explanation:
      'Production containers run with ENVIRONMENT=production so that the application validates its production configuration at startup.',
  }),
  spec('ContainerDebugDisabled', {
    checklistIds: ['SEC-06'],
    productionOnly: true,
    info: 'A container enables a debug mode (DEBUG or *_DEBUG is not false/0/no/off).',
    explanation:
      'Debug mode exposes tracebacks and internals to clients. Remove DEBUG or set it to false in production.',
  }),
  spec('HttpsListenerTlsPolicy', {
    checklistIds: ['SEC-07'],
    productionOnly: false,
    info: 'The HTTPS/TLS listener has no SslPolicy or one that still accepts TLS 1.0/1.1.',
    explanation:
      'Set SslPolicy to a TLS 1.2+ policy: ELBSecurityPolicy-TLS13-1-2-*, ELBSecurityPolicy-TLS13-1-3-*, ELBSecurityPolicy-FS-1-2-* or ELBSecurityPolicy-TLS-1-2-*. The API default ELBSecurityPolicy-2016-08 allows TLS 1.0.',
  }),
  spec('HttpListenerRedirectOnly', {
    checklistIds: ['SEC-08'],
    productionOnly: false,
    info: 'The HTTP listener does something other than a single redirect to HTTPS.',
    explanation:
      'Plain HTTP is only ever redirected to HTTPS: one redirect default action with Protocol HTTPS and no listener rules that forward or respond over HTTP.',
  }),
  spec('HttpsListenerSecurityHeaders', {
    checklistIds: ['SEC-09'],
    productionOnly: false,
    info: 'The HTTPS listener does not add HSTS (max-age >= 31536000), X-Content-Type-Options nosniff, X-Frame-Options DENY/SAMEORIGIN and a Content-Security-Policy.',
    explanation:
      "Set the ALB response-header attributes with listener.setAttribute('routing.http.response.strict_transport_security.header_value', ...), x_content_type_options, x_frame_options and content_security_policy.",
  }),
  spec('SecurityGroupPublicIngress', {
    checklistIds: ['SEC-10', 'SEC-11'],
    productionOnly: false,
    info: 'A security group allows ingress from 0.0.0.0/0 or ::/0 other than TCP 80/443 on an internet-facing ALB.',
    explanation:
      'Only the internet-facing load balancer is reachable from the internet, and only on 80 (redirect) and 443. Every other ingress comes from a security group.',
  }),
  spec('DataStoreIngressFromSecurityGroups', {
    checklistIds: ['SEC-10'],
    productionOnly: false,
    info: 'Database or cache ingress (a data-store security group, or TCP 5432/6379) is allowed from a CIDR or prefix list.',
    explanation:
      "The database and the cache are reachable only from the service: use SourceSecurityGroupId (connections.allowFrom(serviceSg, port)), never a CIDR such as the VPC's.",
  }),
  spec('DataStoreInIsolatedSubnets', {
    checklistIds: ['DB-01', 'SEC-11'],
    productionOnly: false,
    info: 'The database or cache subnet group uses a subnet with a default route or public IPs.',
    explanation:
      'The database and the cache live in isolated subnets (SubnetType.PRIVATE_ISOLATED): no route to the internet, no NAT, no public IP.',
  }),
  spec('ECSServiceNoPublicIp', {
    checklistIds: ['SEC-11'],
    productionOnly: false,
    info: 'The ECS service assigns public IPs to its tasks.',
    explanation: 'Tasks run in private subnets behind the load balancer: AssignPublicIp DISABLED.',
  }),
  spec('ContainerSecretsNotInEnvironment', {
    checklistIds: ['SEC-12', 'CFG-05'],
    productionOnly: false,
    info: 'A secret-looking variable (KEY, SECRET, TOKEN, PASSWORD, DSN, CREDENTIAL, PRIVATE...) is in a container Environment.',
    explanation:
      'Secrets are injected from Secrets Manager through the container Secrets (ecs.Secret.fromSecretsManager), never as plain environment variables, which anyone with DescribeTaskDefinition can read.',
  }),
  spec('NoHardcodedCredentials', {
    checklistIds: ['SEC-13'],
    productionOnly: false,
    info: 'A resource property contains a credential-shaped literal (access key id, private key, token, JWT, password in a URL).',
    explanation:
      'No secret is ever written in code or templates. Store it in Secrets Manager and reference it (Secrets, {{resolve:secretsmanager:...}}).',
  }),
  spec('NoPlaintextCredentialProperties', {
    checklistIds: ['SEC-12', 'SEC-13'],
    productionOnly: false,
    info: 'A credential property (MasterUserPassword, AuthToken, EventSourceToken, Password, SecretString...) holds a literal value.',
    explanation:
      'A password or token written in a template is readable by anyone who can read the template or the stack. Use a dynamic reference ({{resolve:secretsmanager:...}}), ManageMasterUserPassword, GenerateSecretString, or a NoEcho parameter without a Default.',
  }),
  spec('ResourcePolicyNoPublicPrincipal', {
    checklistIds: ['SEC-10', 'SEC-11'],
    productionOnly: false,
    info: 'A resource policy (SNS, SQS, S3, KMS, Secrets Manager, ECR) or Lambda permission allows principal * without a condition that names the caller or source.',
    explanation:
      'Only known principals reach a resource. Name the principal (an account, role or service), or restrict "*" with aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, aws:SourceVpce (aws:SecureTransport alone restricts nobody). For a Lambda permission set SourceAccount, SourceArn or PrincipalOrgID.',
  }),
  spec('ContainerCorsOriginsExplicit', {
    checklistIds: ['SEC-14'],
    productionOnly: false,
    info: 'CORS_ORIGINS contains a wildcard, null or something that is not an https:// (or local http://localhost) origin.',
    explanation: 'CORS trusts explicit origins only: a comma-separated list of https://host[:port] origins.',
  }),
  spec('ContainerCorsOriginsHttpsOnly', {
    checklistIds: ['SEC-14'],
    productionOnly: true,
    info: 'CORS_ORIGINS contains a plain http:// origin (e.g. http://localhost).',
    explanation:
      'Production trusts HTTPS origins only; http://localhost belongs to development environments.',
  }),
  spec('ALBWafRateLimit', {
    checklistIds: ['SEC-15'],
    productionOnly: false,
    info: 'The internet-facing ALB has no WAF web ACL with a blocking rate-based rule.',
    explanation:
      'Rate limiting happens at the infrastructure level: associate a WAFv2 web ACL (WebACLAssociation) with a RateBasedStatement rule whose action is Block (or Challenge/Captcha).',
  }),
  spec('ContainerNonRootUser', {
    checklistIds: ['SEC-18'],
    productionOnly: false,
    info: 'A container has no User or runs as root (root, 0, 0:0).',
    explanation:
      'Containers run as a non-root user: set user: "<uid>:<gid>" (e.g. 1000:1000) on every container.',
  }),
  spec('ContainerReadOnlyRootFilesystem', {
    checklistIds: ['SEC-18'],
    productionOnly: false,
    info: 'A container does not set ReadonlyRootFilesystem: true.',
    explanation:
      'The root filesystem is read-only; writable paths come from volumes (readonlyRootFilesystem: true).',
  }),
  spec('ContainerNotPrivileged', {
    checklistIds: ['SEC-18'],
    productionOnly: false,
    info: 'A container is privileged or adds Linux capabilities.',
    explanation: 'No container runs privileged or with added capabilities.',
  }),
  spec('ContainerResourceLimits', {
    checklistIds: ['DOCK-04'],
    productionOnly: false,
    info: 'A container has no memory hard limit (container Memory, or Fargate task Memory) or no CPU allocation.',
    explanation:
      'Every container is bounded: container Memory (hard) or a Fargate task-level Memory, and container Cpu or task-level Cpu. MemoryReservation alone is a soft limit.',
  }),
  spec('ECRScanOnPush', {
    checklistIds: ['SEC-19'],
    productionOnly: false,
    info: 'The ECR repository does not scan images on push.',
    explanation:
      'Images are scanned for vulnerabilities: ImageScanningConfiguration.ScanOnPush true (imageScanOnPush).',
  }),
  spec('ECRImmutableTags', {
    checklistIds: ['SEC-19'],
    productionOnly: false,
    info: 'The ECR repository does not have immutable tags.',
    explanation: 'A tag always names the same image: ImageTagMutability IMMUTABLE.',
  }),
  spec('RDSBackupRetentionPolicy', {
    checklistIds: ['DB-02', 'LEG-01'],
    productionOnly: false,
    info: 'The RDS instance/cluster keeps automated backups for fewer days than the policy minimum.',
    explanation:
      'Automated backups are kept at least minBackupRetentionDays (policy, default 7): set backupRetention on the instance or cluster.',
  }),
  spec('RDSDeletionPolicySnapshot', {
    checklistIds: ['DB-02'],
    productionOnly: true,
    info: 'The RDS instance/cluster DeletionPolicy or UpdateReplacePolicy is not Snapshot/Retain.',
    explanation:
      'Deleting or replacing the production database leaves a final snapshot: removalPolicy RemovalPolicy.SNAPSHOT (or RETAIN).',
  }),
  spec('RDSClusterMultiAZ', {
    checklistIds: ['DB-07'],
    productionOnly: true,
    info: 'The RDS cluster is neither a Multi-AZ DB cluster nor an Aurora cluster with two or more instances.',
    explanation:
      'The production database survives the loss of an Availability Zone: add a reader in another AZ.',
  }),
  spec('ElastiCacheRBAC', {
    checklistIds: ['CACHE-01'],
    productionOnly: false,
    info: 'The Redis/Valkey replication group has no RBAC user group (UserGroupIds).',
    explanation:
      'Cache clients authenticate as named users with least-privilege access strings: CfnUser + CfnUserGroup referenced by UserGroupIds.',
  }),
  spec('ElastiCacheAutomaticFailover', {
    checklistIds: ['CACHE-02'],
    productionOnly: true,
    info: 'The replication group does not enable automatic failover.',
    explanation: 'Production Redis fails over to a replica automatically: AutomaticFailoverEnabled true.',
  }),
  spec('ElastiCacheSnapshotRetention', {
    checklistIds: ['CACHE-02', 'LEG-01'],
    productionOnly: true,
    info: 'The replication group keeps no automatic snapshots (SnapshotRetentionLimit < 1).',
    explanation: 'Production Redis keeps daily snapshots: SnapshotRetentionLimit of at least 1 day.',
  }),
  spec('LogGroupRetentionPolicy', {
    checklistIds: ['MON-02', 'LEG-01'],
    productionOnly: false,
    info: 'The log group retention is unset (never expire) or outside the policy range.',
    explanation:
      'Logs are kept within logRetentionDays (policy): long enough to investigate, short enough for data minimisation.',
  }),
  spec('AlarmNotifiesSubscribedTopic', {
    checklistIds: ['MON-06'],
    productionOnly: false,
    info: 'The alarm does not notify an SNS topic of the Stage that has a subscription.',
    explanation:
      'Every alarm reaches a person: AlarmActions refers to an SNS topic with at least one subscription (email, webhook).',
  }),
  spec('ALBMonitoredByCanary', {
    checklistIds: ['MON-05'],
    productionOnly: false,
    info: 'No Synthetics canary of the Stage is tagged shipshape:monitors=<this ALB construct path>.',
    explanation:
      "Uptime is monitored from outside: a running canary in any stack of the ALB's Stage, tagged shipshape:monitors with the ALB's construct path (alb.node.path).",
  }),
];
