import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { AccessPath, ResourceRef, Target } from '../../../lib/contracts/access-path';
import type { ModelResource, StageModel } from '../cfn/stage-model';
import {
  encryptionKeyArnOf,
  identityPoliciesOf,
  keyResource,
  resourcePolicyOf,
  type SimPolicy,
} from './policies';
import type { SimRequest } from './simulate';

/** An account no stage uses: the outsider of the forbidden paths. */
export const FOREIGN_ACCOUNT = '999999999999';

/** One concrete request of an access path in one stage. */
export interface AccessRequest {
  readonly path: AccessPath;
  /** How messages name the caller, the target and the source. */
  readonly caller: string;
  readonly target: string;
  readonly source?: string;
  readonly action: string;
  readonly sim: SimRequest;
  /** AWS managed policies the caller's role attaches (for rows granted by one). */
  readonly awsManagedAttached: readonly string[];
}

/** A stage's requests for a path, and what is wrong with its wiring (a reference that names nothing...). */
export interface ExpandedPath {
  readonly requests: readonly AccessRequest[];
  readonly wiringProblems: readonly string[];
}

interface TargetInstance {
  readonly arn: string;
  readonly label: string;
  /** The resource whose policy applies (the target, or the key). */
  readonly holder?: ModelResource;
  /** ARN that `{arn}` stands for (the target, or the resource a key encrypts). */
  readonly subjectArn: string;
}

const allowEverything = (label: string, holder: ModelResource | undefined): SimPolicy => ({
  handle: { kind: 'identity', holder: holder as ModelResource, property: ['(outside the stage)'], label },
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
});

/** Expands one row of the table into the concrete requests of a stage. */
export function expandPath(model: StageModel, path: AccessPath): ExpandedPath {
  const problems: string[] = [];
  const { account, region, partition } = model.env;
  const fill = (text: string, subjectArn: string, sourceArn: string, inRegion = region): string =>
    text
      .replace(/\{arn:([^}]+)\}/g, (_m, ref: string) => {
        const found = model.select(ref as ResourceRef);
        if (found.length !== 1 || !found[0]!.arn) {
          problems.push(`${ref} (in the context of ${path.id}) names ${found.length} resources with an ARN`);
          return 'unresolved';
        }
        return found[0]!.arn!;
      })
      .replace(/\{ref:([^}]+)\}/g, (_m, ref: string) => {
        const found = model.select(ref as ResourceRef);
        if (found.length !== 1) {
          problems.push(`${ref} (in ${path.id}) names ${found.length} resources`);
          return 'unresolved';
        }
        return String(model.ref(found[0]!));
      })
      .replaceAll('{account}', account)
      .replaceAll('{region}', inRegion)
      .replaceAll('{partition}', partition)
      .replaceAll('{arn}', subjectArn)
      .replaceAll('{source}', sourceArn);

  // Caller
  let principal: string;
  let callerLabel: string;
  let identity: SimPolicy[] = [];
  let awsManagedAttached: string[] = [];
  const baseContext: Record<string, string> = { 'aws:SecureTransport': 'true' };
  const caller = path.caller;
  if ('role' in caller) {
    const roles = model.select(caller.role).filter((r) => r.type === 'AWS::IAM::Role');
    if (roles.length !== 1) {
      return { requests: [], wiringProblems: [`caller ${caller.role} names ${roles.length} IAM roles`] };
    }
    const role = roles[0]!;
    const name = String(model.ref(role));
    principal = `arn:${partition}:sts::${account}:assumed-role/${name}/shipshape-session`;
    callerLabel = role.path;
    const found = identityPoliciesOf(model, role);
    identity = found.policies;
    awsManagedAttached = found.awsManaged;
    if (path.grantedBy) {
      // The AWS managed policy's text is in no template: stand in for its grant, asserted attached.
      identity = [
        ...identity,
        {
          handle: {
            kind: 'identity',
            holder: role,
            property: ['ManagedPolicyArns'],
            label: `AWS managed policy ${path.grantedBy.awsManagedPolicy} (attached; its text is not in the templates)`,
          },
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: [...path.actions], Resource: '*' }],
          },
        },
      ];
      if (!awsManagedAttached.includes(path.grantedBy.awsManagedPolicy)) {
        problems.push(
          `${role.path} does not attach the AWS managed policy ${path.grantedBy.awsManagedPolicy}`,
        );
      }
    }
    Object.assign(baseContext, {
      'aws:PrincipalArn': role.arn!,
      'aws:PrincipalAccount': account,
      'aws:PrincipalType': 'AssumedRole',
    });
  } else if ('service' in caller) {
    principal = caller.service.replaceAll('{region}', region);
    callerLabel = principal;
    Object.assign(baseContext, {
      'aws:PrincipalIsAWSService': 'true',
      'aws:PrincipalServiceName': principal,
    });
  } else if ('elbLogDelivery' in caller) {
    const elbAccount = RegionInfo.get(region).elbv2Account;
    if (!elbAccount) return { requests: [], wiringProblems: [`no ELB log delivery account for ${region}`] };
    principal = `arn:${partition}:iam::${elbAccount}:root`;
    callerLabel = `ELB log delivery account ${elbAccount}`;
    identity = [
      allowEverything(`ELB's own permissions in account ${elbAccount} (outside the stage)`, undefined),
    ];
    Object.assign(baseContext, { 'aws:PrincipalAccount': elbAccount, 'aws:PrincipalArn': principal });
  } else if ('foreignAccount' in caller) {
    principal = `arn:${partition}:sts::${FOREIGN_ACCOUNT}:assumed-role/Outsider/session`;
    callerLabel = `a role of account ${FOREIGN_ACCOUNT}`;
    identity = [allowEverything(`the outsider's own permissions (account ${FOREIGN_ACCOUNT})`, undefined)];
    Object.assign(baseContext, {
      'aws:PrincipalAccount': FOREIGN_ACCOUNT,
      'aws:PrincipalArn': `arn:${partition}:iam::${FOREIGN_ACCOUNT}:role/Outsider`,
    });
  } else {
    principal = 'anonymous';
    callerLabel = 'an anonymous caller';
  }

  // Targets
  const targets = targetInstances(model, path.target, problems, (t, subject) => fill(t, subject, ''));

  // Sources
  let sources: { arn: string; label: string }[] = [{ arn: '', label: '' }];
  if (path.source === 'alarms') {
    sources = model.ofType('AWS::CloudWatch::Alarm').map((a) => ({ arn: a.arn!, label: a.path }));
    for (const alarm of model.ofType('AWS::CloudWatch::Alarm')) {
      const actions = (model.props(alarm).AlarmActions as unknown[] | undefined) ?? [];
      for (const t of targets) {
        if (!actions.includes(t.subjectArn)) problems.push(`alarm ${alarm.path} does not notify ${t.label}`);
      }
    }
  } else if (path.source === 'rules') {
    sources = model
      .ofType('AWS::Events::Rule')
      .filter((rule) =>
        ((model.props(rule).Targets as { Arn: string }[] | undefined) ?? []).some((t) =>
          targets.some((target) => target.subjectArn === t.Arn),
        ),
      )
      .map((rule) => ({ arn: rule.arn!, label: rule.path }));
    if (sources.length === 0)
      problems.push(`no EventBridge rule targets ${targets.map((t) => t.label).join(', ')}`);
  } else if (path.source !== undefined) {
    sources = model.select(path.source).map((s) => ({ arn: s.arn!, label: s.path }));
    if (sources.length === 0) problems.push(`source ${path.source} names no resource`);
  }

  const requests: AccessRequest[] = [];
  for (const target of targets) {
    // A service acts in the region of the resource it serves (a CDN's us-east-1 log group).
    const targetRegion = target.holder ? model.envOf(target.holder.stack).region : region;
    const servicePrincipal =
      'service' in caller ? caller.service.replaceAll('{region}', targetRegion) : undefined;
    const resource = target.holder ? resourcePolicyOf(model, target.holder) : [];
    const blockPublicAccess =
      target.holder?.type === 'AWS::S3::Bucket' &&
      (
        model.props(target.holder).PublicAccessBlockConfiguration as
          | { RestrictPublicBuckets?: boolean }
          | undefined
      )?.RestrictPublicBuckets === true;
    for (const source of sources) {
      const context: Record<string, string | string[]> = {
        ...baseContext,
        ...(servicePrincipal && { 'aws:PrincipalServiceName': servicePrincipal }),
      };
      for (const [key, value] of Object.entries(path.context ?? {})) {
        context[key] =
          typeof value === 'string'
            ? fill(value, target.subjectArn, source.arn, targetRegion)
            : value.map((v) => fill(v, target.subjectArn, source.arn, targetRegion));
      }
      for (const action of path.actions) {
        requests.push({
          path,
          caller: servicePrincipal ?? callerLabel,
          target: target.label,
          ...(source.label ? { source: source.label } : {}),
          action,
          awsManagedAttached,
          sim: {
            principal: servicePrincipal ?? principal,
            action,
            resourceArn: target.arn,
            resourceAccount: account,
            context,
            identity,
            resource,
            ...(blockPublicAccess ? { blockPublicAccess } : {}),
          },
        });
      }
    }
  }
  return { requests, wiringProblems: problems };
}

/** The concrete resources (ARNs, and the resources whose policies apply) a target names. */
function targetInstances(
  model: StageModel,
  target: Target,
  problems: string[],
  fill: (text: string, subjectArn: string) => string,
): TargetInstance[] {
  if ('arn' in target) {
    const arn = fill(target.arn, '');
    return [{ arn, label: arn, subjectArn: arn }];
  }
  let resources: ModelResource[];
  let suffix: string | undefined;
  let required = true;
  if ('secretsOf' in target) {
    resources = injectedSecrets(model, target.secretsOf, problems);
  } else if ('each' in target) {
    resources = model.ofType(target.each);
    suffix = target.suffix;
    required = false;
  } else {
    resources = model.select(target.resource);
    suffix = target.keyOf ? undefined : target.suffix;
    const refs = typeof target.resource === 'string' ? [target.resource] : target.resource;
    for (const ref of refs) {
      if (model.select(ref).length === 0) problems.push(`${ref} names no resource`);
    }
  }
  if (required && resources.length === 0) return [];
  return resources.flatMap((resource): TargetInstance[] => {
    if (!resource.arn) {
      problems.push(`${resource.path} (${resource.type}) has no ARN in the model`);
      return [];
    }
    if (target.keyOf) {
      const keyArn = encryptionKeyArnOf(model, resource);
      if (keyArn === undefined) {
        // "Each log group's key": an unencrypted one has no key to use. A named resource must have one.
        if (required) problems.push(`${resource.path} is not encrypted with a KMS key`);
        return [];
      }
      const key = keyResource(model, keyArn);
      if (!key) {
        problems.push(`${resource.path} is encrypted with ${keyArn}, not a key of this stage`);
        return [];
      }
      return [
        {
          arn: key.arn!,
          label: `${key.path} (key of ${resource.path})`,
          holder: key,
          subjectArn: resource.arn,
        },
      ];
    }
    const arn = `${resource.arn}${suffix ? fill(suffix, resource.arn) : ''}`;
    return [
      {
        arn,
        label: suffix ? `${resource.path}${fill(suffix, resource.arn)}` : resource.path,
        holder: resource,
        subjectArn: resource.arn,
      },
    ];
  });
}

/** The secrets of the stage a task definition's containers receive (Secrets[].ValueFrom). */
function injectedSecrets(
  model: StageModel,
  refs: ResourceRef | readonly ResourceRef[],
  problems: string[],
): ModelResource[] {
  const ref = typeof refs === 'string' ? refs : refs.join(', ');
  const taskDefinitions = (typeof refs === 'string' ? [refs] : refs)
    .flatMap((r) => model.select(r))
    .filter((r) => r.type === 'AWS::ECS::TaskDefinition');
  if (taskDefinitions.length === 0) {
    problems.push(`${ref} names no task definition`);
    return [];
  }
  const secrets = model.ofType('AWS::SecretsManager::Secret');
  const found = new Map<string, ModelResource>();
  for (const td of taskDefinitions) {
    const containers =
      (model.props(td).ContainerDefinitions as { Secrets?: { ValueFrom: string }[] }[]) ?? [];
    for (const { ValueFrom } of containers.flatMap((c) => c.Secrets ?? [])) {
      // arn:aws:secretsmanager:region:account:secret:name-AbCdEf[:json-key:version-stage:version-id]
      const arn = ValueFrom.split(':').slice(0, 7).join(':');
      const secret = secrets.find((s) => s.arn === arn);
      if (secret) found.set(secret.path, secret);
      else problems.push(`${td.path} injects ${ValueFrom}, not a secret of this stage`);
    }
  }
  if (found.size === 0) problems.push(`${ref} injects no secret`);
  return [...found.values()];
}
