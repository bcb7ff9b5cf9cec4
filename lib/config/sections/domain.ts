import { z } from 'zod';
import { matching, section } from '../fields';
import { type Ctx, problem, type StageFacts } from '../section-rules';

/** A lower-case fully qualified domain name (what ACM and Route 53 accept). */
export const FQDN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The API's public name and its certificate: an existing ACM certificate ARN, or a hosted zone to validate one in. */
export const domainSchema = section({
  /** Fully qualified domain name clients use, e.g. api.example.com. */
  domainName: matching(FQDN, 'a lower-case fully qualified domain name such as api.example.com'),
  /** ARN of an ACM certificate in the stage's region covering domainName. */
  certificateArn: matching(
    /^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
    'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>)',
  ).optional(),
  /** Route 53 hosted zone id in which a new certificate is DNS-validated (instead of certificateArn). */
  hostedZoneId: matching(
    /^Z[A-Z0-9]{1,31}$/,
    'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
  ).optional(),
});

export type DomainConfig = z.output<typeof domainSchema>;

/** Certificate source and its region/account. */
export function checkDomain(domain: DomainConfig, ctx: Ctx, { region, account }: StageFacts): void {
  const hasArn = domain.certificateArn !== undefined;
  const hasZone = domain.hostedZoneId !== undefined;
  if (hasArn === hasZone) {
    problem(
      ctx,
      [],
      'set exactly one of domain.certificateArn (an existing ACM certificate) or domain.hostedZoneId (a new certificate validated by DNS)',
    );
  }
  if (domain.certificateArn) {
    const [, , , certRegion, certAccount] = domain.certificateArn.split(':');
    if (region && certRegion !== region) {
      problem(
        ctx,
        ['certificateArn'],
        `must be in the stage region ${region} (an ALB uses regional certificates), got ${certRegion}`,
      );
    }
    if (account && certAccount !== account) {
      problem(ctx, ['certificateArn'], `must belong to account ${account}, got ${certAccount}`);
    }
  }
}
