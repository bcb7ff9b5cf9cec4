import type { StackReview } from './analyze';
import type { StageReview } from './verdict';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (rows: readonly (readonly string[])[]): string[] =>
  rows.length === 0
    ? []
    : [
        `| ${rows[0]!.map(cell).join(' | ')} |`,
        `|${rows[0]!.map(() => '---').join('|')}|`,
        ...rows.slice(1).map((r) => `| ${r.map(cell).join(' | ')} |`),
      ];

function counts(stack: StackReview): string {
  const by = (impacts: string[]) => stack.changes.filter((c) => impacts.includes(c.impact)).length;
  return `${by(['WILL_CREATE', 'WILL_IMPORT'])} added, ${by(['WILL_UPDATE'])} updated, ${by(['WILL_REPLACE', 'MAY_REPLACE'])} replaced, ${by(['WILL_DESTROY', 'WILL_ORPHAN'])} removed`;
}

/** The review as Markdown: short enough for a job summary and an approval step (OPS-02). */
export function reviewMarkdown(review: StageReview): string {
  const lines = [
    `## Change review: ${review.stage}${review.production ? ' (production)' : ''}: ${review.verdict}`,
    '',
    ...review.reasons.map((r) => `- ${r}`),
    '',
    '| stack | changes | source | checklist ids touched |',
    '|---|---|---|---|',
    ...review.stacks.map(
      (s) =>
        `| ${s.stackName} | ${counts(s)} | ${s.fromChangeSet ? 'change set' : 'template diff'} | ${s.checklistIds.join(', ') || '-'}${s.uncoveredTypes.length ? ` (unmapped: ${s.uncoveredTypes.join(', ')})` : ''} |`,
    ),
  ];
  const hazards = review.stacks.flatMap((s) => s.hazards.map((h) => ({ s, h })));
  if (hazards.length > 0) {
    lines.push('', '### Stateful resources replaced or deleted', '');
    lines.push(
      ...table([
        ['stack', 'logical id', 'type', 'impact', 'acknowledged'],
        ...hazards.map(({ s, h }) => [s.stackName, h.logicalId, h.type, h.impact, h.acknowledged ?? 'NO']),
      ]),
    );
  }
  const orphaned = review.stacks.flatMap((s) => s.orphaned.map((o) => ({ s, o })));
  if (orphaned.length > 0) {
    lines.push('', '### Stateful resources leaving the stack, kept (orphaned)', '');
    lines.push(
      ...table([
        ['stack', 'logical id', 'type'],
        ...orphaned.map(({ s, o }) => [s.stackName, o.logicalId, o.type]),
      ]),
    );
  }
  for (const s of review.stacks) {
    const { statements, managedPolicies, securityGroupRules } = s.widened;
    if (statements.length + managedPolicies.length + securityGroupRules.length === 0) continue;
    lines.push('', `### Access added in ${s.stackName}${s.permissionsBroadened ? ' (broadening)' : ''}`, '');
    for (const rows of [statements, managedPolicies, securityGroupRules])
      if (rows.length) lines.push(...table(rows), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The review as one JSON document. */
export function reviewJson(review: StageReview): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
