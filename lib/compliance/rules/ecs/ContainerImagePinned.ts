import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance } from 'cdk-nag';
import { containersOf } from '../utils/containers';
import type { Resolved } from '../utils/values';

/** An image reference with tokens (Ref, GetAtt, ...) written as `<token>`, literals kept. */
function render(value: Resolved): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const join = (value as { 'Fn::Join'?: [string, Resolved[]] })['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(render).join(join[0]);
  }
  return '<token>';
}

/**
 * Every container image is pinned: a tag other than `latest`, or a digest. An image without a tag
 * is `latest` to the registry; `latest` moves under a running service, so a task restarted by ECS
 * could run code nobody reviewed. Production only. SEC-19, DOCK-01.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    for (const container of containersOf(node, node.containerDefinitions)) {
      const image = render(container.image as Resolved);
      if (image.includes('@sha256:')) continue;
      // The tag follows the last ':' after the last '/' (a registry host may carry a port).
      const name = image.slice(image.lastIndexOf('/') + 1);
      const colon = name.lastIndexOf(':');
      const tag = colon === -1 ? undefined : name.slice(colon + 1);
      if (tag === undefined || tag === '' || tag.toLowerCase() === 'latest')
        return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
