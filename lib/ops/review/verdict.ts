import type { StackReview } from './analyze';

/** BLOCKED: a production deploy would replace or delete stateful resources nobody acknowledged. */
export type ReviewVerdict = 'BLOCKED' | 'REVIEW' | 'CLEAN';

/** The review of a whole stage. */
export interface StageReview {
  readonly stage: string;
  readonly production: boolean;
  readonly stacks: readonly StackReview[];
  readonly verdict: ReviewVerdict;
  readonly reasons: readonly string[];
}

/**
 * A production stage is BLOCKED by any stateful replacement or deletion without an
 * acknowledgement; elsewhere the same finding asks for REVIEW. Widened access, orphaned
 * resources and acknowledged replacements ask for REVIEW; nothing of the kind is CLEAN.
 */
export function judgeStage(stage: string, production: boolean, stacks: readonly StackReview[]): StageReview {
  const open = stacks.flatMap((s) =>
    s.hazards.filter((h) => h.acknowledged === undefined).map((h) => ({ s, h })),
  );
  const acked = stacks.flatMap((s) => s.hazards.filter((h) => h.acknowledged !== undefined));
  const broadened = stacks.filter((s) => s.permissionsBroadened).map((s) => s.stackName);
  const orphaned = stacks.flatMap((s) => s.orphaned);
  const reasons: string[] = [];
  if (open.length > 0) {
    reasons.push(
      `${open.length} stateful resource(s) would be replaced or deleted without an acknowledgement: ${open
        .map(({ s, h }) => `${s.stackName}/${h.logicalId} (${h.type}, ${h.impact})`)
        .join(', ')}${production ? '' : ' (this would block a production stage)'}`,
    );
  }
  if (acked.length > 0) reasons.push(`${acked.length} acknowledged replacement(s) or deletion(s)`);
  if (broadened.length > 0) reasons.push(`access widened in ${broadened.join(', ')}`);
  if (orphaned.length > 0)
    reasons.push(`${orphaned.length} stateful resource(s) leave the stack and are kept (orphaned)`);
  const verdict: ReviewVerdict =
    production && open.length > 0 ? 'BLOCKED' : reasons.length > 0 ? 'REVIEW' : 'CLEAN';
  if (verdict === 'CLEAN') reasons.push('no stateful replacement or deletion, no widened access');
  return { stage, production, stacks, verdict, reasons };
}
