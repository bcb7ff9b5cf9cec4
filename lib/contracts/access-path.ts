/**
 * The shape of the access-path table (./access-paths.ts): every AWS call the running system makes,
 * written as data so that tests can evaluate each one over the synthesized templates of every stage
 * with a real IAM policy engine, and so that a reader sees in one place who may do what to which
 * resource and why.
 *
 * This file is the ground floor: it imports nothing, and nothing in it knows about CDK constructs.
 * Resources are named by stack and construct path, the way `aws:cdk:path` metadata names them in
 * every template, without the stage prefix and without the trailing `/Resource`.
 */

/** The stacks of a stage (construct ids, as in `Prod/Service`). */
export type StackName = 'Network' | 'Alerts' | 'Data' | 'Service' | 'Monitoring';

/**
 * A resource (or several) of a stage: `<stack>:<construct path>`, e.g. `Alerts:Alerts/Topic`. A `*`
 * matches any run of characters within one path segment (`Monitoring:Webhooks/*Url` is every
 * webhook's URL secret); a reference must match at least one resource where its path applies.
 */
export type ResourceRef = `${StackName}:${string}`;

/** Parts of a stage's config that decide whether a path exists at all. */
export type Feature =
  /** `alerts.webhooks` is not empty: the formatter Lambda, its secrets and dead-letter queue exist. */
  | 'webhooks'
  /** `service.image.source` is `ecr`: the stage owns the repository the tasks pull from. */
  | 'ecrImage'
  /** `service.efs.enabled`: the shared volume exists and the task role mounts it. */
  | 'efs';

/** Who makes the call. */
export type Caller =
  /** An IAM role of the stage (what a Lambda, a task or a service assumes). */
  | { readonly role: ResourceRef }
  /**
   * An AWS service principal acting for the stage, e.g. `cloudwatch.amazonaws.com`;
   * `{region}` stands for the stage's region (`logs.{region}.amazonaws.com`).
   */
  | { readonly service: string }
  /** The regional Elastic Load Balancing account that writes ALB access logs (ELB's own identity). */
  | { readonly elbLogDelivery: true }
  /** A principal of an account that is not the stage's (it holds every permission in its own account). */
  | { readonly foreignAccount: true }
  /** An unsigned request. */
  | { readonly anonymous: true };

/** What the call acts on. */
export type Target =
  /**
   * The resource(s) a reference names. `suffix` is appended to the ARN (an object key under a bucket,
   * a log stream under a log group); it may use the placeholders of {@link AccessPath.context}.
   */
  | {
      readonly resource: ResourceRef | readonly ResourceRef[];
      readonly suffix?: string;
      readonly keyOf?: false;
    }
  /** The KMS key that encrypts the referenced resource(s) (its KmsKeyId / KmsMasterKeyId / ...). */
  | { readonly resource: ResourceRef | readonly ResourceRef[]; readonly keyOf: true }
  /** Every secret a task definition's containers receive from Secrets Manager (or their keys). */
  | { readonly secretsOf: ResourceRef | readonly ResourceRef[]; readonly keyOf?: boolean }
  /** One request per resource of a CloudFormation type in the stage (or on each one's key). */
  | { readonly each: string; readonly keyOf?: boolean; readonly suffix?: string }
  /** A literal ARN pattern (`*` for actions without resource-level permissions). */
  | { readonly arn: string };

/**
 * Which resources act as the request's source (aws:SourceArn): each one is evaluated.
 * - a reference: those resources;
 * - `alarms`: every CloudWatch alarm of the stage, each of which must notify the target;
 * - `rules`: every EventBridge rule of the stage that targets the target (at least one).
 */
export type Source = ResourceRef | readonly ResourceRef[] | 'alarms' | 'rules';

/** Where a grant comes from when no template of the stage holds it. */
export interface AwsManagedGrant {
  /** The AWS managed policy the caller's role must attach, e.g. `service-role/AWSBackupServiceRolePolicyForBackup`. */
  readonly awsManagedPolicy: string;
  /** Why the template cannot hold the grant itself. */
  readonly reason: string;
}

/** One AWS call of the running system (or one that must never succeed). */
export interface AccessPath {
  /** Stable id (kebab-case): test names, the report and negative controls refer to it. */
  readonly id: string;
  /** What the running system does with the call, and when. */
  readonly purpose: string;
  readonly caller: Caller;
  /** The API actions of the call; each is evaluated on its own. */
  readonly actions: readonly string[];
  readonly target: Target;
  /** The request's source resources (sets aws:SourceArn and {source}). */
  readonly source?: Source;
  /**
   * Condition keys the service sets on the request, as AWS sends them. Values may use the
   * placeholders `{account}`, `{region}`, `{partition}`, `{arn}` (the ARN of the target or, for a
   * key, of the resource it encrypts), `{source}` (the ARN of the source), `{arn:<ref>}` (the ARN
   * of another resource of the stage) and `{ref:<ref>}` (what Ref of it returns, e.g. a name).
   * @default - only what every request carries (principal, secure transport)
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * The compute whose network interfaces send the call (a Lambda function, an ECS service, a
   * hosted rotation schedule): the network test proves it reaches the service's API from its subnets.
   * @default - the call does not leave a VPC (made by an AWS service, or from outside the VPC)
   */
  readonly from?: ResourceRef;
  /** The stages where this path exists. @default every stage */
  readonly requires?: Feature;
  /**
   * `allow`: the path must be allowed in every stage where it exists; `deny`: a forbidden path that
   * must be denied.
   */
  readonly expect: 'allow' | 'deny';
  /**
   * The grant lives in an AWS managed policy the role attaches (no template holds its text): the
   * test asserts the attachment and evaluates every policy the stage does hold.
   * @default - the grant must be in the stage's templates
   */
  readonly grantedBy?: AwsManagedGrant;
}

/** One network path of the running system that the security groups, subnets and routes must allow. */
export interface NetworkPath {
  /** Stable id (kebab-case). */
  readonly id: string;
  /** What flows, and why it matters. */
  readonly purpose: string;
  /**
   * Where the connection starts: a resource with network interfaces (load balancer, ECS service,
   * Lambda function, RDS proxy or instance, hosted rotation schedule), or `internet` (0.0.0.0/0).
   */
  readonly from: ResourceRef | 'internet';
  /**
   * Where it ends: a resource with network interfaces, an AWS API by its endpoint service name
   * (`{ api: 'secretsmanager' }`: HTTPS to the service through an interface endpoint with private
   * DNS, a gateway endpoint, or a NAT route), or `internet` (any host, through a NAT route).
   */
  readonly to: ResourceRef | { readonly api: string } | 'internet';
  /**
   * TCP port: a number, or a port the stage decides: `container` (service.containerPort), `proxy`
   * (the proxy's engine port), `database` (the instance's port), `cache` (the replication group's).
   * @default 443 (an AWS API)
   */
  readonly port?: number | 'container' | 'proxy' | 'database' | 'cache';
  /** `allow`: must be reachable; `deny`: must not be. */
  readonly expect: 'allow' | 'deny';
  /** The stages where this path exists. @default every stage */
  readonly requires?: Feature;
}
