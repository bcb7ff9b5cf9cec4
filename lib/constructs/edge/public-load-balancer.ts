import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TLS_POLICIES } from '../../config';
import { REGULATORY } from '../../contracts/compliance-packs';
import { acknowledge, acknowledgeInPacks, resourceOf } from '../platform/acknowledge';
import { type SecurityHeaderOptions, securityHeaderAttributes } from './security-headers';

/** Priority of the OIDC rule on the HTTPS listener (the only rule; the default action forwards). */
export const OIDC_RULE_PRIORITY = 10;

/** OIDC in front of the admin paths (plain data; every endpoint is required when enabled). */
export interface OidcOptions {
  /** Authenticate the admin paths with the identity provider. */
  readonly enabled: boolean;
  /**
   * The identity provider's issuer URL.
   * @default - none (required when enabled)
   */
  readonly issuer?: string;
  /**
   * Authorization endpoint.
   * @default - none (required when enabled)
   */
  readonly authorizationEndpoint?: string;
  /**
   * Token endpoint.
   * @default - none (required when enabled)
   */
  readonly tokenEndpoint?: string;
  /**
   * User-info endpoint.
   * @default - none (required when enabled)
   */
  readonly userInfoEndpoint?: string;
  /**
   * OAuth client id.
   * @default - none (required when enabled)
   */
  readonly clientId?: string;
  /** Path patterns behind the identity provider (at most five, an ALB condition's limit). */
  readonly paths: readonly string[];
}

/** What config decides about the ALB, its listeners and its target group (plain data). */
export interface LoadBalancerOptions extends SecurityHeaderOptions {
  /** CIDRs admitted on 443 (and 80, which only redirects). */
  readonly allowedCidrs: readonly string[];
  /** TLS policy of the HTTPS listener. */
  readonly tlsPolicy: keyof typeof TLS_POLICIES;
  /** Idle timeout in seconds. */
  readonly idleTimeoutSeconds: number;
  /** Seconds the target group waits for in-flight requests of a deregistering task. */
  readonly deregistrationDelaySeconds: number;
  /**
   * Load-balancer cookie stickiness in seconds.
   * @default - stickiness off
   */
  readonly stickinessSeconds?: number;
  /** OIDC on the admin paths. */
  readonly oidc: OidcOptions;
  /** Port the container listens on. */
  readonly containerPort: number;
  /** Path the target group probes. */
  readonly healthCheckPath: string;
  /** Deletion protection (production). */
  readonly deletionProtection: boolean;
  /** The API's domain name (the alias record's name). */
  readonly domainName: string;
}

/** Props of {@link PublicLoadBalancer}: its options and what it fronts, presents and logs to. */
export interface PublicLoadBalancerProps extends LoadBalancerOptions {
  readonly vpc: ec2.IVpc;
  readonly certificate: acm.ICertificate;
  /** The API service the target group forwards to. */
  readonly service: ecs.FargateService;
  /** Bucket for the access logs (SSE-S3: ALB access logs cannot be written to an SSE-KMS bucket). */
  readonly accessLogBucket: s3.IBucket;
  /**
   * The OAuth client secret.
   * @default - none (required when `oidc.enabled`)
   */
  readonly oidcClientSecret?: secretsmanager.ISecret;
  /**
   * Zone for the API's alias record.
   * @default - no alias record
   */
  readonly hostedZone?: route53.IHostedZone;
}

/**
 * The internet-facing entry (SEC-07..SEC-10, SEC-17): an ALB in the public subnets admitting 443
 * and 80 from `allowedCidrs` only, dropping invalid header fields, strictest desync
 * mitigation, HTTP/2, access logs, deletion protection in production. HTTPS with the configured TLS
 * policy and the security headers as listener attributes; HTTP only redirects (301) to HTTPS;
 * optional OIDC on the admin paths; a target group probing the health path.
 */
export class PublicLoadBalancer extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly httpsListener: elbv2.ApplicationListener;
  public readonly httpListener: elbv2.ApplicationListener;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    const { vpc } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'Shipshape ALB: 443 and 80 (redirect) from the allowed CIDRs; out to the API tasks only',
    });
    for (const cidr of props.allowedCidrs) {
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), `HTTPS from ${cidr}`);
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(cidr),
        ec2.Port.tcp(80),
        `HTTP (redirect only) from ${cidr}`,
      );
    }
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      http2Enabled: true,
      idleTimeout: Duration.seconds(props.idleTimeoutSeconds),
      deletionProtection: props.deletionProtection,
    });
    this.loadBalancer.logAccessLogs(props.accessLogBucket, 'alb');
    // logAccessLogs also grants delivery.logs.amazonaws.com (NLB-style log delivery) PutObject under
    // alb/AWSLogs/<this account>/ and GetBucketAcl without any source condition: another account's
    // log delivery, given a prefix that spells this path, could write into this bucket (confused
    // deputy). Deliveries for this account carry its aws:SourceAccount; nothing else gets in.
    const account = Stack.of(this).account;
    props.accessLogBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyLogDeliveryForOtherAccounts',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:*'],
        resources: [props.accessLogBucket.bucketArn, props.accessLogBucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceAccount': account } },
      }),
    );

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: props.containerPort,
      deregistrationDelay: Duration.seconds(props.deregistrationDelaySeconds),
      stickinessCookieDuration:
        props.stickinessSeconds === undefined ? undefined : Duration.seconds(props.stickinessSeconds),
      healthCheck: {
        path: props.healthCheckPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      targets: [props.service],
    });

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [props.certificate],
      sslPolicy: TLS_POLICIES[props.tlsPolicy] as string as elbv2.SslPolicy,
      open: false,
      defaultAction: elbv2.ListenerAction.forward([this.targetGroup]),
    });
    for (const [key, value] of Object.entries(securityHeaderAttributes(props))) {
      this.httpsListener.setAttribute(key, value);
    }
    this.httpListener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });

    if (props.oidc.enabled) this.addOidc(props.oidc, props.oidcClientSecret);

    if (props.hostedZone) {
      new route53.ARecord(this, 'Alias', {
        zone: props.hostedZone,
        recordName: `${props.domainName}.`,
        target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }
    if (props.allowedCidrs.includes('0.0.0.0/0')) {
      acknowledge(
        resourceOf(this.securityGroup),
        'AwsSolutions-EC23',
        'The public API is meant to be reached from the internet (edge.allowedCidrs includes 0.0.0.0/0): the ALB security group admits only TCP 443 and 80 (which only redirects to 443). The WAF web ACL rate-limits and filters every request; nothing else in the stage admits traffic from a CIDR.',
      );
    }
    acknowledgeInPacks(
      resourceOf(this.httpListener),
      REGULATORY,
      'ELBv2ACMCertificateRequired',
      'The port-80 listener carries no content: its only action is a 301 redirect to HTTPS (SEC-08). The HTTPS listener presents the ACM certificate.',
    );
  }

  /** Admin paths behind the identity provider, then the same targets (SEC-17). */
  private addOidc(oidc: OidcOptions, clientSecret: secretsmanager.ISecret | undefined): void {
    const { issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId } = oidc;
    if (!issuer || !authorizationEndpoint || !tokenEndpoint || !userInfoEndpoint || !clientId) {
      // Config validation reports each missing field; this guards direct construct use.
      throw new Error(
        'edge.oidc.enabled needs issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint and clientId',
      );
    }
    if (!clientSecret) {
      throw new Error(
        'edge.oidc.enabled needs the OAuth client secret: add { name: "OAUTH_CLIENT_SECRET", description: "..." } to service.secrets',
      );
    }
    this.httpsListener.addAction('AdminOidc', {
      priority: OIDC_RULE_PRIORITY,
      conditions: [elbv2.ListenerCondition.pathPatterns([...oidc.paths])],
      action: elbv2.ListenerAction.authenticateOidc({
        issuer,
        authorizationEndpoint,
        tokenEndpoint,
        userInfoEndpoint,
        clientId,
        // A dynamic reference: CloudFormation resolves it at deploy time; the template holds no secret.
        clientSecret: SecretValue.secretsManager(clientSecret.secretArn),
        onUnauthenticatedRequest: elbv2.UnauthenticatedAction.AUTHENTICATE,
        next: elbv2.ListenerAction.forward([this.targetGroup]),
      }),
    });
  }
}
