import type { AccessPath, ResourceRef } from '../../../lib/contracts/access-path';
import { OUTSIDER_ACTIONS } from '../../../lib/contracts/access-paths';
import type { ModelResource, StageModel } from '../cfn/stage-model';
import { FOREIGN_ACCOUNT } from './access-requests';
import { resourcePolicyOf, type Statement } from './policies';

/** Object-level S3 actions (the rest act on the bucket itself). */
const S3_OBJECT_ACTIONS = new Set(['s3:GetObject', 's3:PutObject']);

const servicePrincipalsIn = (statements: readonly Statement[]): string[] =>
  statements.flatMap((s) => {
    const principal = s.Principal as { Service?: string | string[] } | string | undefined;
    if (typeof principal !== 'object' || principal.Service === undefined) return [];
    return Array.isArray(principal.Service) ? principal.Service : [principal.Service];
  });

/** Object keys worth trying under a bucket: a random one, and every prefix some statement grants. */
function objectSuffixes(bucketArn: string, statements: readonly Statement[]): string[] {
  const granted = statements
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .filter((r): r is string => typeof r === 'string' && r.startsWith(`${bucketArn}/`))
    .map((r) => r.slice(bucketArn.length).replaceAll('*', 'outsider/object'));
  return [...new Set(['/outsider/object', ...granted])];
}

/** The ARN an AWS service acting for the outsider would send as aws:SourceArn. */
function foreignSourceArn(service: string, region: string): string {
  const name = service.replace(/\.amazonaws\.com$/, '').split('.')[0]!;
  return `arn:aws:${name === 'logging' || name === 'delivery' ? 's3' : name}:${region}:${FOREIGN_ACCOUNT}:outsider`;
}

/**
 * The forbidden paths every resource with a resource policy implies, in one stage: a principal of
 * another account (with every permission in its own account), an anonymous caller, and each AWS
 * service the policy names acting for another account (a confused deputy) must be denied every
 * action {@link OUTSIDER_ACTIONS} lists for the resource's type.
 */
export function outsiderPaths(model: StageModel): AccessPath[] {
  const { region } = model.env;
  return Object.entries(OUTSIDER_ACTIONS).flatMap(([type, actions]) =>
    model.ofType(type).flatMap((resource: ModelResource): AccessPath[] => {
      const policies = resourcePolicyOf(model, resource);
      if (policies.length === 0) return [];
      const statements = policies.flatMap((p) => p.document.Statement);
      const ref = resource.path as ResourceRef;
      // Object actions under each key worth trying; PutObject with the ACL header log deliveries send.
      const byScope: { actions: readonly string[]; suffix?: string; extra?: Record<string, string> }[] =
        type === 'AWS::S3::Bucket'
          ? [
              ...objectSuffixes(resource.arn!, statements).flatMap((suffix) =>
                actions
                  .filter((a) => S3_OBJECT_ACTIONS.has(a))
                  .map((a) => ({
                    actions: [a],
                    suffix,
                    ...(a === 's3:PutObject'
                      ? { extra: { 's3:x-amz-acl': 'bucket-owner-full-control' } }
                      : {}),
                  })),
              ),
              { actions: actions.filter((a) => !S3_OBJECT_ACTIONS.has(a)) },
            ]
          : [{ actions }];
      return byScope.flatMap(({ actions: scoped, suffix, extra }) => {
        const target = suffix === undefined ? { resource: ref } : { resource: ref, suffix };
        const where = `${resource.path}${suffix ?? ''}${scoped.length === 1 ? ` ${scoped[0]}` : ''}`;
        const deputies = [...new Set(servicePrincipalsIn(statements))].map(
          (service): AccessPath => ({
            id: `confused-deputy ${service} on ${where}`,
            purpose: `${service} acting for another account gets nothing from ${resource.path}`,
            caller: { service },
            actions: scoped,
            target,
            context: {
              ...extra,
              'aws:SourceAccount': FOREIGN_ACCOUNT,
              'aws:SourceArn': foreignSourceArn(service, region),
              ...(type === 'AWS::KMS::Key'
                ? {
                    'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${FOREIGN_ACCOUNT}:log-group:outsider`,
                  }
                : {}),
            },
            expect: 'deny',
          }),
        );
        return [
          {
            id: `foreign-account on ${where}`,
            purpose: `Another account's principals get nothing from ${resource.path}`,
            caller: { foreignAccount: true },
            actions: scoped,
            target,
            ...(extra ? { context: extra } : {}),
            expect: 'deny',
          },
          {
            id: `anonymous on ${where}`,
            purpose: `Unsigned requests get nothing from ${resource.path}`,
            caller: { anonymous: true },
            actions: scoped,
            target,
            ...(extra ? { context: extra } : {}),
            expect: 'deny',
          },
          ...deputies,
        ];
      });
    }),
  );
}
