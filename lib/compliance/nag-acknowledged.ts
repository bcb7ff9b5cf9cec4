import { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** A finding a cdk-nag pack dropped because an acknowledgement covered it. */
export interface NagAcknowledgedFinding {
  readonly pack: string;
  readonly ruleId: string;
  readonly constructPath: string;
}

type IsAcknowledged = (this: NagPack, node: IConstruct, ruleId: string) => boolean;

/**
 * cdk-nag 3 packs drop acknowledged findings without a trace in validation-report.json (cfn-guard
 * and the CloudFormation validator list them as `suppressedViolations`). To count and show what each
 * acknowledgement hides, this wraps the packs' acknowledgement check for the duration of one synth
 * and records every positive answer: the finding a pack would have reported.
 *
 * `isAcknowledged` is private in cdk-nag 3.0.2; `test/ops/audit.test.ts` fails if an upgrade renames
 * it (the audit then sees no acknowledged nag finding while the app has many).
 */
export function spyOnNagAcknowledgements(): { readonly findings: NagAcknowledgedFinding[]; restore(): void } {
  const proto = NagPack.prototype as unknown as { isAcknowledged?: IsAcknowledged };
  const original = proto.isAcknowledged;
  const findings: NagAcknowledgedFinding[] = [];
  if (typeof original !== 'function') {
    throw new Error('cdk-nag NagPack.isAcknowledged not found: the audit cannot count nag acknowledgements');
  }
  proto.isAcknowledged = function (this: NagPack, node: IConstruct, ruleId: string): boolean {
    const acknowledged = original.call(this, node, ruleId);
    if (acknowledged) findings.push({ pack: this.readPackName, ruleId, constructPath: node.node.path });
    return acknowledged;
  };
  return {
    findings,
    restore() {
      proto.isAcknowledged = original;
    },
  };
}
