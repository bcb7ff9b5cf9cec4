import type { IAspect } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/**
 * Service principals may invoke a function on behalf of one account only (confused deputy; Control
 * Tower CT.LAMBDA.PR.2): every invoke permission below the visited construct that names no source
 * account gets `account`, also when it names a source ARN (an SNS topic, a rule) of that account.
 * A permission for a resource of another account must set its own `sourceAccount`.
 */
export class SourceAccountGuard implements IAspect {
  constructor(private readonly account: string) {}

  visit(node: IConstruct): void {
    if (node instanceof lambda.CfnPermission && node.sourceAccount === undefined) {
      node.sourceAccount = this.account;
    }
  }
}
