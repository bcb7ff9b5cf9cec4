import { parse } from 'node:path';
import { type CfnResource, Stack } from 'aws-cdk-lib';
import { CfnApp, CfnBranch } from 'aws-cdk-lib/aws-amplify';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { CfnSourceCredential } from 'aws-cdk-lib/aws-codebuild';
import { CfnWebhook } from 'aws-cdk-lib/aws-codepipeline';
import { CfnMicrosoftAD, CfnSimpleAD } from 'aws-cdk-lib/aws-directoryservice';
import { CfnEndpoint } from 'aws-cdk-lib/aws-dms';
import { CfnDBCluster as CfnDocDbCluster } from 'aws-cdk-lib/aws-docdb';
import { CfnReplicationGroup, CfnUser as CfnCacheUser } from 'aws-cdk-lib/aws-elasticache';
import { CfnUser } from 'aws-cdk-lib/aws-iam';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { CfnDBCluster, CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { CfnCluster } from 'aws-cdk-lib/aws-redshift';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagRuleCompliance } from 'cdk-nag';
import { type Resolved, asArray, isRecord } from '../utils/values';

type L1Class = abstract new (...args: never[]) => CfnResource;

/**
 * Properties that hold a credential, by L1 class, as paths into the rendered CloudFormation
 * properties (`*` steps into every item of a list).
 */
export const CREDENTIAL_PROPERTIES: ReadonlyArray<readonly [L1Class, readonly string[]]> = [
  [CfnDBInstance, ['MasterUserPassword']],
  [CfnDBCluster, ['MasterUserPassword']],
  [CfnDocDbCluster, ['MasterUserPassword']],
  [CfnCluster, ['MasterUserPassword']],
  [CfnReplicationGroup, ['AuthToken']],
  [CfnCacheUser, ['Passwords.*']],
  [CfnPermission, ['EventSourceToken']],
  [CfnMicrosoftAD, ['Password']],
  [CfnSimpleAD, ['Password']],
  [CfnBroker, ['Users.*.Password']],
  [CfnWebhook, ['AuthenticationConfiguration.SecretToken']],
  [CfnSourceCredential, ['Token']],
  [CfnUser, ['LoginProfile.Password']],
  [CfnApp, ['AccessToken', 'OauthToken', 'BasicAuthConfig.Password']],
  [CfnBranch, ['BasicAuthConfig.Password']],
  [CfnEndpoint, ['Password']],
  [CfnDomain, ['AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword']],
  [CfnSecret, ['SecretString']],
];

function valuesAt(value: Resolved, path: readonly string[]): Resolved[] {
  if (path.length === 0) return [value];
  const [step, ...rest] = path;
  if (step === '*') return asArray(value).flatMap((v) => valuesAt(v, rest));
  return isRecord(value) ? valuesAt(value[step!], rest) : [];
}

/** A JSON object whose every value is empty: a shape for an operator to fill in, holding no secret. */
function isEmptyPlaceholder(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown;
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((v) => v === '' || v === null)
    );
  } catch {
    return false;
  }
}

/**
 * A value written into the template: a non-empty string, or an `Fn::Join`/`Fn::Sub` made only of
 * literal text. A dynamic reference (`{{resolve:secretsmanager:...}}`, `{{resolve:ssm-secure:...}}`)
 * or any `Ref`/`Fn::GetAtt`/import is a reference, not a secret; so is an empty placeholder such as
 * `{"url":""}` that an operator replaces after deployment.
 */
export function isPlaintext(value: Resolved): boolean {
  if (typeof value === 'string')
    return value !== '' && !value.includes('{{resolve:') && !isEmptyPlaceholder(value);
  if (typeof value === 'number') return true;
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const args = value[keys[0]!];
  if (keys[0] === 'Fn::Sub') return typeof args === 'string' && !args.includes('${') && isPlaintext(args);
  if (keys[0] === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
    return args[1].every((part) => typeof part === 'string') && isPlaintext(args[1].join(String(args[0])));
  }
  return false;
}

/**
 * No credential property holds a literal: a database master password, a cache AUTH token or user
 * password, a Lambda permission's EventSourceToken, a directory, broker, webhook, source-credential,
 * IAM login, Amplify, DMS or OpenSearch password or token, a secret's SecretString. Properties are
 * read as rendered, raw overrides included. SEC-12, SEC-13.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    const paths = CREDENTIAL_PROPERTIES.find(([l1]) => node instanceof l1)?.[1];
    if (paths === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const rendered = Stack.of(node).resolve(node._toCloudFormation()) as Resolved;
    const resources = isRecord(rendered) ? rendered['Resources'] : undefined;
    const resource = isRecord(resources) ? Object.values(resources)[0] : undefined;
    const properties = isRecord(resource) ? resource['Properties'] : undefined;
    for (const path of paths) {
      if (valuesAt(properties, path.split('.')).some(isPlaintext)) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
