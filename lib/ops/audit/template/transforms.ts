import { type Draft, resourcesOf, transformsOf } from './draft';
import { dropResources } from './drop';
import { isObject } from './json';
import { LANGUAGE_EXTENSIONS } from './foreach';
import { SAM_TRANSFORM } from './sam/index';

/**
 * Secrets Manager's hosted-rotation transform turns a RotationSchedule's `HostedRotationLambda` into
 * an AWS-managed rotation function. Its settings that matter (VPC, subnets, security groups, KMS
 * key) are the RotationSchedule's properties, which the rules judge as declared; the app's own audit
 * sees the same declaration. Nothing else is generated.
 */
const DECLARATIVE = /^AWS::SecretsManager-\d{4}-\d{2}-\d{2}$/;

/**
 * Macros the audit cannot run. A template-level macro may rewrite anything, so the whole template is
 * reported as not audited-as-deployed; an `Fn::Transform` (e.g. `AWS::Include`) inside a resource
 * leaves that resource unaudited.
 */
export function reportUnexpandedTransforms(draft: Draft): void {
  const resources = resourcesOf(draft);
  for (const transform of transformsOf(draft.template)) {
    if (transform === LANGUAGE_EXTENSIONS || transform === SAM_TRANSFORM || DECLARATIVE.test(transform))
      continue;
    draft.unaudited.push({
      logicalIds: Object.keys(resources),
      reason: `the template runs the macro ${transform}, which can rewrite any resource before deployment; the audit judged the template as written`,
    });
  }
  const snippets = new Map<string, string>();
  for (const [id, resource] of Object.entries(resources)) {
    if (isObject(resource) && JSON.stringify(resource).includes('"Fn::Transform"')) {
      const reason = `${id} holds an Fn::Transform (a macro or AWS::Include snippet) the audit cannot run`;
      draft.unaudited.push({ logicalIds: [id], reason });
      snippets.set(id, reason);
    }
  }
  // Its properties are not known until deployment: left out rather than judged half-written.
  dropResources(draft, snippets);
}
