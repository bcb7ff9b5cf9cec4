import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** The API's public name and where its certificate comes from (plain data). */
export interface ApiCertificateOptions {
  /** The API's domain name (the certificate's subject). */
  readonly domainName: string;
  /**
   * An existing ACM certificate to import.
   * @default - none: a new certificate validated in {@link hostedZoneId}
   */
  readonly certificateArn?: string;
  /**
   * Hosted zone a new certificate is DNS-validated in (and the API's alias record goes to).
   * @default - none: {@link certificateArn} is required
   */
  readonly hostedZoneId?: string;
}

/** Props of {@link ApiCertificate}: its options alone (a certificate needs no wiring). */
export type ApiCertificateProps = ApiCertificateOptions;

/**
 * The API's TLS certificate (SEC-07): an existing ACM certificate from `domain.certificateArn`, or a
 * new one DNS-validated in `domain.hostedZoneId`. The zone is referenced by id only: no lookup,
 * so synthesis needs no AWS credentials.
 */
export class ApiCertificate extends Construct {
  /** The certificate the HTTPS listener presents. */
  public readonly certificate: acm.ICertificate;
  /** The hosted zone, when config names one (the API's alias record goes there). */
  public readonly hostedZone?: route53.IHostedZone;

  constructor(scope: Construct, id: string, domain: ApiCertificateProps) {
    super(scope, id);
    if (domain.certificateArn) {
      this.certificate = acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn);
      return;
    }
    if (!domain.hostedZoneId) {
      // Config validation requires exactly one of the two; this guards direct construct use.
      throw new Error('domain needs certificateArn or hostedZoneId');
    }
    this.hostedZone = route53.HostedZone.fromHostedZoneId(this, 'Zone', domain.hostedZoneId);
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: domain.domainName,
      validation: acm.CertificateValidation.fromDns(this.hostedZone),
    });
  }
}
