import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import { CdnFirewall, type CdnFirewallOptions } from '../constructs/cdn/cdn-firewall';
import { ApiCertificate } from '../constructs/edge/api-certificate';
import { ServiceKey, type ServiceKeyOptions } from '../constructs/keys/service-key';
import { writeOutputs } from './outputs';

/** Props of {@link CdnEdgeStack}: the options of its constructs (it needs no wiring). */
export interface CdnEdgeStackProps extends StackProps {
  /** The CDN's name and the hosted zone its certificate is DNS-validated in. */
  readonly certificate: { readonly domainName: string; readonly hostedZoneId: string };
  /** The key of the WAF log group (this stack's region has none of the stage's keys). */
  readonly logsKey: ServiceKeyOptions;
  /** The web ACL and its logs. */
  readonly firewall: CdnFirewallOptions;
}

/**
 * What CloudFront takes only from us-east-1: the distribution's certificate and its
 * CLOUDFRONT-scope web ACL, with the WAF logs and their key. The Cdn stack reads the certificate
 * and the web ACL through cross-region references (`crossRegionReferences`: CloudFormation's
 * `Fn::GetStackOutput` reads this stack's outputs from the other region at deploy time, so this
 * stack deploys first).
 */
export class CdnEdgeStack extends Stack {
  /** The distribution's certificate. */
  public readonly certificate: acm.ICertificate;
  /** ARN of the distribution's web ACL. */
  public readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: CdnEdgeStackProps) {
    super(scope, id, props);
    this.certificate = new ApiCertificate(this, 'Certificate', props.certificate).certificate;
    const logsKey = new ServiceKey(this, 'LogsKey', props.logsKey).key;
    const firewall = new CdnFirewall(this, 'Firewall', { ...props.firewall, logsKey });
    this.webAclArn = firewall.webAcl.attrArn;
    writeOutputs(this, {
      CdnCertificateArn: [this.certificate.certificateArn, 'Certificate of the CDN (us-east-1)'],
      CdnWebAclArn: [this.webAclArn, 'Web ACL of the CDN (CLOUDFRONT scope)'],
      CdnWafLogGroup: [firewall.logGroup.logGroupName, 'WAF logs of the CDN (us-east-1)'],
    });
  }
}
