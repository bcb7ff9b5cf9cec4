import { join } from 'node:path';
import { type PolicyValidationStack, Stack, Stage, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Every top-level stack of the app `root` belongs to, described as aws-cdk-lib describes it to the
 * validation plugins (the artifact's hierarchical id, template path and env), so an engine started
 * early sees what its `validate()` will be handed.
 */
export function stackTemplatesOf(root: IConstruct): PolicyValidationStack[] {
  return root.node
    .findAll()
    .filter((c): c is Stack => Stack.isStack(c) && !c.nested)
    .map((stack) => ({
      stackConstructPath: stack.node.path,
      templatePath: join(Stage.of(stack)!.outdir, stack.templateFile),
      accountId: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    }));
}
