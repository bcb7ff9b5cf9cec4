import { PRODUCTION_READINESS_RULES } from '../../compliance/pack/rule-specs';
import { STOCK_RULES_RELIED_ON } from '../../compliance/pack/stock-rules';
import { engineOfRuleId } from './validation-report';
import type { AuditFinding, AuditResult } from './model';

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

/**
 * JUnit XML: one suite per stage, one testcase per rule per stage (every ProductionReadiness rule,
 * every stock rule the register relies on, and every other rule that reported in that stage), a
 * failure per rule with unacknowledged error or warning findings listing each construct.
 */
export function toJunit(result: AuditResult): string {
  const known = [
    ...PRODUCTION_READINESS_RULES.map((r) => r.ruleId),
    ...STOCK_RULES_RELIED_ON.flatMap((g) => g.ruleIds),
  ];
  const suites = result.stages.map((stage) => {
    const open = result.findings.filter((f) => f.stage === stage);
    const acked = result.acknowledgedFindings.filter((f) => f.stage === stage);
    const ids = [...new Set([...known, ...open.map((f) => f.ruleId), ...acked.map((f) => f.ruleId)])].sort();
    const cases = ids.map((id) => {
      const failing = open.filter((f) => f.ruleId === id && f.severity !== 'info');
      const notes = [
        ...open.filter((f) => f.ruleId === id && f.severity === 'info'),
        ...acked.filter((f) => f.ruleId === id),
      ];
      const engine = failing[0]?.engine ?? notes[0]?.engine ?? engineOfRuleId(id);
      const body = [
        failing.length > 0
          ? `<failure message="${xml(`${failing.length} unacknowledged finding(s)`)}" type="${xml(failing[0]!.severity)}">${xml(
              failing.map(describe).join('\n'),
            )}</failure>`
          : '',
        notes.length > 0 ? `<system-out>${xml(notes.map(describe).join('\n'))}</system-out>` : '',
      ].join('');
      return `    <testcase classname="${xml(`${stage}.${engine}`)}" name="${xml(id)}"${body ? `>${body}</testcase>` : ' />'}`;
    });
    const failures = cases.filter((c) => c.includes('<failure')).length;
    return [
      `  <testsuite name="${xml(stage)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests =
    result.stages.length === 0 ? 0 : suites.reduce((n, s) => n + (s.match(/<testcase /g)?.length ?? 0), 0);
  const failures = suites.reduce((n, s) => n + (s.match(/<failure /g)?.length ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="shipshape-audit" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function describe(f: AuditFinding): string {
  const where = f.location ? ` at ${f.location.file}:${f.location.line}` : '';
  const ack = f.acknowledgement ? ` — acknowledged: ${f.acknowledgement.reason}` : '';
  const ids = f.checklistIds.length ? ` [${f.checklistIds.join(', ')}]` : '';
  return `${f.severity} ${f.constructPath}${where}${ids}: ${f.description}${ack}`;
}
