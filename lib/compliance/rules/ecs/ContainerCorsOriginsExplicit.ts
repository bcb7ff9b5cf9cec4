import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance } from 'cdk-nag';
import { corsOrigins } from '../utils/containers';

const HTTPS_ORIGIN =
  /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i;
const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/i;

/**
 * `CORS_ORIGINS` (or `CORS_ALLOWED_ORIGINS`) lists explicit origins only: no `*` anywhere, no `null`,
 * no path, each an `https://host[:port]` origin or a local development origin (`http://localhost[:port]`,
 * `http://127.0.0.1[:port]`; ContainerCorsOriginsHttpsOnly rejects those in production). An empty
 * value (no cross-origin access) is compliant. SEC-14.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    const origins = corsOrigins(node, node.containerDefinitions).filter((o) => o !== '');
    for (const origin of origins) {
      if (origin.includes('*')) return NagRuleCompliance.NON_COMPLIANT;
      if (!HTTPS_ORIGIN.test(origin) && !LOCAL_ORIGIN.test(origin)) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
