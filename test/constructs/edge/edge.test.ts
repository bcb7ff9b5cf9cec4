import { RATE_LIMIT_RESPONSE } from '../../../lib/contracts/rate-limit-response';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { environments } from '../../../config';
import { recordedAcknowledgements } from '../../../lib/compliance/acknowledgements/recorded';
import { TLS_POLICIES, validateConfigs } from '../../../lib/config';
import { MANAGED_RULE_GROUPS, REDACTED_HEADERS } from '../../../lib/constructs/edge/edge-firewall';
import { RESPONSE_HEADER_ATTRIBUTES } from '../../../lib/constructs/edge/security-headers';
import {
  optionalFeaturesVariant,
  synthesizeServiceApp,
  VARIANT_CERTIFICATE_ARN,
} from '../../support/fake-data-tier';

// One synth for the file (shape only; the compliance test runs the engines on the same code).
const CONFIGS = validateConfigs(environments);
const variantConfig = optionalFeaturesVariant();
const app = synthesizeServiceApp(
  { prod: CONFIGS.prod!, dev: CONFIGS.dev!, variant: variantConfig },
  { engines: false },
);
const prod = app.template('prod');
const dev = app.template('dev');
const variant = app.template('variant');

type Json = Record<string, unknown>;
const attributesOf = (t: Template, type: string) => {
  const resource = Object.values(t.findResources(type))[0]!;
  const list = (resource.Properties.LoadBalancerAttributes ?? resource.Properties.TargetGroupAttributes) as {
    Key: string;
    Value: string;
  }[];
  return Object.fromEntries(list.map((a) => [a.Key, a.Value]));
};
const listener = (t: Template, protocol: 'HTTP' | 'HTTPS') =>
  Object.values(t.findResources('AWS::ElasticLoadBalancingV2::Listener')).find(
    (l) => l.Properties.Protocol === protocol,
  )!.Properties as Json;

describe('application load balancer', () => {
  test('internet-facing in the public subnets, invalid headers dropped, strictest desync mitigation, HTTP/2, access logs', () => {
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: Match.anyValue(),
    });
    const subnets = Object.values(prod.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0]!
      .Properties.Subnets as unknown[];
    expect(subnets).toHaveLength(CONFIGS.prod!.network.maxAzs);
    for (const s of subnets) expect(JSON.stringify(s)).toMatch(/NetworkVpcPublicSubnet\d/);
    expect(attributesOf(prod, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toMatchObject({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'strictest',
      'routing.http2.enabled': 'true',
      'idle_timeout.timeout_seconds': String(CONFIGS.prod!.edge.idleTimeoutSeconds),
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'alb',
    });
  });

  test('deletion protection only in production', () => {
    expect(
      attributesOf(dev, 'AWS::ElasticLoadBalancingV2::LoadBalancer')['deletion_protection.enabled'],
    ).toBe('false');
  });

  test('the security group admits 443 and 80 from the allowed CIDRs only and sends only to the tasks', () => {
    prod.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Shipshape ALB'),
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' }),
      ],
    });
    variant.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Shipshape ALB'),
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '203.0.113.0/24', FromPort: 443 }),
        Match.objectLike({ CidrIp: '203.0.113.0/24', FromPort: 80 }),
      ],
    });
    const egress = Object.values(prod.findResources('AWS::EC2::SecurityGroupEgress'))
      .map((r) => r.Properties as Json)
      .filter((r) => JSON.stringify(r.GroupId).includes('EdgeSecurityGroup'));
    expect(egress).toEqual([
      expect.objectContaining({
        FromPort: 8000,
        ToPort: 8000,
        DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ApiSecurityGroup/), 'GroupId'] },
      }),
    ]);
  });

  test('access logs go to a private, TLS-only, versioned SSE-S3 bucket that expires them after edge.accessLogDays', () => {
    prod.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: CONFIGS.prod!.edge.accessLogDays,
            NoncurrentVersionExpiration: { NoncurrentDays: CONFIGS.prod!.edge.accessLogDays },
            Status: 'Enabled',
          }),
        ],
      },
    });
    prod.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^AccessLogsBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          // S3 server access logs of the model bucket, from that bucket only.
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '333333333333' } }),
          }),
          // The regional ELB log-delivery account writes under alb/ for this account only.
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { AWS: 'arn:aws:iam::156460612806:root' },
            Resource: { 'Fn::Join': ['', [Match.anyValue(), '/alb/AWSLogs/333333333333/*']] },
          }),
        ]),
      },
    });
  });
});

describe('listeners', () => {
  test('HTTPS with the certificate, the configured TLS policy, forwarding to the API targets', () => {
    expect(listener(prod, 'HTTPS')).toMatchObject({
      Port: 443,
      SslPolicy: TLS_POLICIES[CONFIGS.prod!.edge.tlsPolicy],
      Certificates: [{ CertificateArn: { Ref: expect.stringMatching(/^Certificate/) } }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: expect.stringMatching(/^EdgeTargets/) } }],
    });
    expect(listener(variant, 'HTTPS')).toMatchObject({
      SslPolicy: TLS_POLICIES.tls13,
      Certificates: [{ CertificateArn: VARIANT_CERTIFICATE_ARN }],
    });
  });

  test('the HTTPS listener adds HSTS, nosniff, DENY, the CSP, and removes the Server header', () => {
    const attributes = Object.fromEntries(
      (listener(prod, 'HTTPS').ListenerAttributes as { Key: string; Value: string }[]).map((a) => [
        a.Key,
        a.Value,
      ]),
    );
    expect(attributes).toEqual({
      [RESPONSE_HEADER_ATTRIBUTES.hsts]: `max-age=${CONFIGS.prod!.edge.hstsMaxAgeSeconds}; includeSubDomains`,
      [RESPONSE_HEADER_ATTRIBUTES.contentTypeOptions]: 'nosniff',
      [RESPONSE_HEADER_ATTRIBUTES.frameOptions]: 'DENY',
      [RESPONSE_HEADER_ATTRIBUTES.contentSecurityPolicy]: CONFIGS.prod!.edge.contentSecurityPolicy,
      [RESPONSE_HEADER_ATTRIBUTES.serverEnabled]: 'false',
    });
    // The keys are the ones the ELBv2 ListenerAttribute API documents.
    expect(Object.keys(attributes).sort()).toEqual([
      'routing.http.response.content_security_policy.header_value',
      'routing.http.response.server.enabled',
      'routing.http.response.strict_transport_security.header_value',
      'routing.http.response.x_content_type_options.header_value',
      'routing.http.response.x_frame_options.header_value',
    ]);
  });

  test('HTTP only redirects to HTTPS with a 301, nothing else', () => {
    expect(listener(prod, 'HTTP')).toMatchObject({
      Port: 80,
      DefaultActions: [
        {
          Type: 'redirect',
          RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
        },
      ],
    });
    expect(listener(prod, 'HTTP').ListenerAttributes).toBeUndefined();
  });

  test('without OIDC there is no listener rule: every HTTPS request goes to the targets', () => {
    prod.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('with OIDC the admin paths authenticate first, with the client secret as a dynamic reference, then forward', () => {
    variant.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    const rule = Object.values(variant.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'))[0]!
      .Properties as Json;
    const oidc = variantConfig.edge.oidc;
    expect(rule).toMatchObject({
      Priority: 10,
      ListenerArn: { Ref: expect.stringMatching(/^EdgeAlbHttps/) },
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: oidc.paths } }],
      Actions: [
        {
          Type: 'authenticate-oidc',
          Order: 1,
          AuthenticateOidcConfig: expect.objectContaining({
            Issuer: oidc.issuer,
            AuthorizationEndpoint: oidc.authorizationEndpoint,
            TokenEndpoint: oidc.tokenEndpoint,
            UserInfoEndpoint: oidc.userInfoEndpoint,
            ClientId: oidc.clientId,
            OnUnauthenticatedRequest: 'authenticate',
          }),
        },
        { Type: 'forward', Order: 2, TargetGroupArn: { Ref: expect.stringMatching(/^EdgeTargets/) } },
      ],
    });
    const secret = JSON.stringify((rule.Actions as Json[])[0]!.AuthenticateOidcConfig);
    expect(secret).toContain('{{resolve:secretsmanager:');
    expect(secret).toContain('OAUTHCLIENTSECRET');
    // The ALB talks to the identity provider's token and user-info endpoints over HTTPS.
    variant.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Shipshape ALB'),
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443 })]),
    });
  });
});

describe('OIDC needs its client secret', () => {
  test('enabling OIDC without OAUTH_CLIENT_SECRET among the secrets fails with what to add', () => {
    const config = optionalFeaturesVariant();
    const noSecret = {
      ...config,
      service: {
        ...config.service,
        secrets: config.service.secrets.filter((s) => s.name !== 'OAUTH_CLIENT_SECRET'),
      },
    };
    expect(() => synthesizeServiceApp({ nosecret: noSecret }, { engines: false })).toThrow(
      /edge\.oidc\.enabled needs the OAuth client secret: add \{ name: "OAUTH_CLIENT_SECRET", description: "\.\.\." \} to service\.secrets/,
    );
  });
});

describe('certificate and DNS', () => {
  test('a hosted zone id gives a DNS-validated certificate in that zone (no lookup) and an alias record', () => {
    prod.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: 'Z0PROD000000000000001' }],
    });
    prod.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'A',
      HostedZoneId: 'Z0PROD000000000000001',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });

  test('a certificate ARN is imported as is, and DNS stays with whoever owns it', () => {
    variant.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    variant.resourceCountIs('AWS::Route53::RecordSet', 0);
  });
});

describe('target group', () => {
  test('IP targets on the container port, health path from config, 200 only, deregistration delay, no stickiness', () => {
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 8000,
      Protocol: 'HTTP',
      HealthCheckPath: CONFIGS.prod!.service.healthCheckPath,
      Matcher: { HttpCode: '200' },
    });
    const attributes = attributesOf(prod, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(attributes['deregistration_delay.timeout_seconds']).toBe('30');
    expect(attributes['stickiness.enabled']).toBe('false');
  });

  test('edge.targetHealthPath overrides the health path; stickiness when config asks for it', () => {
    variant.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
    });
    expect(attributesOf(variant, 'AWS::ElasticLoadBalancingV2::TargetGroup')).toMatchObject({
      'stickiness.enabled': 'true',
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '3600',
    });
  });

  test('the service registers its API container with the target group', () => {
    prod.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [
        {
          ContainerName: 'api',
          ContainerPort: 8000,
          TargetGroupArn: { Ref: Match.stringLikeRegexp('^EdgeTargets') },
        },
      ],
    });
  });
});

describe('WAF web ACL', () => {
  const rulesOf = (t: Template) =>
    Object.values(t.findResources('AWS::WAFv2::WebACL'))[0]!.Properties.Rules as (Json & { Name: string })[];

  test('regional, associated with the ALB, allowing what no rule blocks', () => {
    prod.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: Match.objectLike({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true }),
    });
    prod.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('^EdgeAlb') },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FirewallWebAcl'), 'Arn'] },
    });
  });

  test('a per-IP rate limit from config that answers 429 with Retry-After and a JSON body', () => {
    expect(rulesOf(prod)[0]).toMatchObject({
      Name: 'RateLimitPerIp',
      Priority: 0,
      Action: {
        Block: {
          CustomResponse: {
            ResponseCode: 429,
            CustomResponseBodyKey: 'rate_limited',
            ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
          },
        },
      },
      Statement: {
        RateBasedStatement: {
          Limit: CONFIGS.prod!.edge.wafRateLimit,
          AggregateKeyType: 'IP',
          EvaluationWindowSec: 300,
        },
      },
    });
    const acl = Object.values(prod.findResources('AWS::WAFv2::WebACL'))[0]!.Properties as Json;
    const body = (acl.CustomResponseBodies as Record<string, { ContentType: string; Content: string }>)
      .rate_limited!;
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toMatchObject({ error: 'rate_limited' });
    // The contract verify checks against (lib/contracts/rate-limit-response.ts).
    expect(RATE_LIMIT_RESPONSE).toEqual({ statusCode: 429, retryAfterSeconds: 300 });
  });

  test('a body size limit that blocks larger bodies, and bodies beyond what WAF can inspect', () => {
    expect(rulesOf(prod)[1]).toMatchObject({
      Name: 'BodySizeLimit',
      Action: { Block: {} },
      Statement: {
        SizeConstraintStatement: {
          FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
          ComparisonOperator: 'GT',
          Size: CONFIGS.prod!.edge.maxBodyBytes,
        },
      },
    });
  });

  test('the AWS managed rule groups, each with its own metrics', () => {
    const managed = rulesOf(prod).slice(2);
    expect(managed.map((r) => r.Name)).toEqual([...MANAGED_RULE_GROUPS]);
    for (const rule of managed) {
      expect(rule).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: rule.Name } },
      });
    }
    expect(MANAGED_RULE_GROUPS).toEqual(
      expect.arrayContaining([
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesSQLiRuleSet',
        'AWSManagedRulesAmazonIpReputationList',
      ]),
    );
    const metricNames = rulesOf(prod).map((r) => (r.VisibilityConfig as Json).MetricName);
    expect(new Set(metricNames).size).toBe(metricNames.length);
    // The stack hands the same names to the monitoring stack.
    const exposed = app.stages.prod!.service.monitored.wafMetricNames;
    expect(rulesOf(prod).map((r) => exposed[r.Name])).toEqual(metricNames);
    expect(exposed.WebAcl).toBeDefined();
    for (const rule of rulesOf(prod)) {
      expect(rule.VisibilityConfig).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
      });
    }
  });

  test('logs to an encrypted aws-waf-logs-* group with API keys and Authorization redacted', () => {
    const groups = Object.values(prod.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties as Json);
    const waf = groups.find((g) => String(g.LogGroupName).startsWith('aws-waf-logs-'))!;
    expect(waf).toMatchObject({
      RetentionInDays: CONFIGS.prod!.retention.logDays,
      KmsKeyId: expect.objectContaining({
        'Fn::GetStackOutput': expect.objectContaining({ StackName: 'Prod-Network' }),
      }),
    });
    prod.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FirewallWebAcl'), 'Arn'] },
      LogDestinationConfigs: [`arn:aws:logs:eu-west-1:333333333333:log-group:${waf.LogGroupName}`],
      RedactedFields: REDACTED_HEADERS.map((name) => ({ SingleHeader: { Name: name } })),
    });
    expect([...REDACTED_HEADERS]).toEqual(['x-api-key', 'authorization']);
  });
});

describe('load-test allow-list (PERF-01)', () => {
  const { sharedTemplate } = require('../../support/assembly') as typeof import('../../support/assembly');
  const { errorOf } = require('../../support/config-edits') as typeof import('../../support/config-edits');
  const rateRule = (t: Template) =>
    (
      Object.values(t.findResources('AWS::WAFv2::WebACL'))[0]!.Properties.Rules as (Json & { Name: string })[]
    ).find((r) => r.Name === 'RateLimitPerIp')!;

  test("staging's load generators are not counted by the rate rule; every other rule still sees them", () => {
    const staging = sharedTemplate('staging', 'Service');
    const [ipSet, props] = Object.entries(staging.findResources('AWS::WAFv2::IPSet'))[0]!;
    expect(props.Properties).toMatchObject({
      Name: CONFIGS.staging!.edge.loadTestAllowList!.name,
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV4',
      Addresses: CONFIGS.staging!.edge.loadTestAllowList!.cidrs,
    });
    expect((rateRule(staging).Statement as Json).RateBasedStatement).toMatchObject({
      Limit: CONFIGS.staging!.edge.wafRateLimit,
      ScopeDownStatement: {
        NotStatement: { Statement: { IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [ipSet, 'Arn'] } } } },
      },
    });
  });

  test('production counts every address', () => {
    expect(Object.keys(prod.findResources('AWS::WAFv2::IPSet'))).toEqual([]);
    expect((rateRule(prod).Statement as Json).RateBasedStatement).not.toHaveProperty('ScopeDownStatement');
  });

  test('config refuses it in production, and refuses ranges wider than /16', () => {
    expect(
      errorOf('prod', (c) => {
        c.edge.loadTestAllowList = { name: 'loadtest-runners', cidrs: ['203.0.113.10/32'] };
      }),
    ).toContain('prod: edge.loadTestAllowList: is not allowed in a production stage');
    expect(
      errorOf('staging', (c) => {
        c.edge.loadTestAllowList.cidrs = ['10.0.0.0/8'];
      }),
    ).toContain('staging: edge.loadTestAllowList.cidrs.0: must be /16 or narrower');
  });
});

describe('what the edge acknowledges itself', () => {
  const idsAt = (env: 'prod' | 'variant', path: string) =>
    recordedAcknowledgements(app.stages[env]!.stage)
      .filter((a) => a.path.endsWith(`/Service/Edge/${path}`))
      .map((a) => a.id);

  test('EC23 only when the ALB admits 0.0.0.0/0 (prod), not when it is restricted (variant)', () => {
    expect(CONFIGS.prod!.edge.allowedCidrs).toContain('0.0.0.0/0');
    expect(variantConfig.edge.allowedCidrs).not.toContain('0.0.0.0/0');
    expect(idsAt('prod', 'SecurityGroup/Resource')).toContain('AwsSolutions-EC23');
    expect(idsAt('variant', 'SecurityGroup/Resource')).not.toContain('AwsSolutions-EC23');
  });

  test('the redirect-only port-80 listener, in every regulatory pack', () => {
    expect(idsAt('variant', 'Alb/Http/Resource')).toEqual([
      'HIPAA.Security-ELBv2ACMCertificateRequired',
      'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      'PCI.DSS.321-ELBv2ACMCertificateRequired',
    ]);
  });
});
