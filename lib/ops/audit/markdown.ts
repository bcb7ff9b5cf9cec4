import { madeByAwsCdkLib } from './acknowledgements';
import type { AuditFinding, AuditResult, ChecklistResult } from './model';

/** Escapes what would break a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** PASS, FAIL, INCOMPLETE or UNUSABLE. */
export function verdictWord(result: AuditResult): string {
  return (result.verdict.status ?? (result.verdict.pass ? 'pass' : 'fail')).toUpperCase();
}

function at(f: AuditFinding): string {
  if (!f.location) return '';
  return `${f.location.file}:${f.location.line}${f.location.column ? `:${f.location.column}` : ''}`;
}

function findingLine(f: AuditFinding): string {
  const where = f.location ? ` (${at(f)})` : '';
  const ids = f.checklistIds.length ? ` [${f.checklistIds.join(', ')}]` : '';
  return `- **${f.severity}** \`${f.ruleId}\` on \`${f.constructPath}\`${where}${ids}: ${f.description}`;
}

function checklistTable(rows: readonly ChecklistResult[]): string[] {
  const out = [
    '| id | status | requirement | realized as | open / acknowledged findings |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const status = r.status === 'missing' ? '**missing**' : r.status;
    out.push(
      `| ${r.id} | ${status} | ${cell(r.requirement)} | ${r.realizations.join(' + ') || '—'} | ${r.openFindings} / ${r.acknowledgedFindings} |`,
    );
  }
  return out;
}

/** reports/compliance.md */
export function toMarkdown(result: AuditResult): string {
  const lines: string[] = [];
  const subject =
    result.mode === 'app'
      ? `the Shipshape app (stages ${result.stages.join(', ')})`
      : `template \`${result.template}\` (profile ${result.profile})`;
  lines.push('# Compliance audit', '', `Audit of ${subject}, ${result.generatedAt}.`, '');
  lines.push(`**Verdict: ${verdictWord(result)}**`, '');
  for (const reason of result.verdict.reasons) lines.push(`- ${reason}`);
  if (result.verdict.reasons.length > 0) lines.push('');

  if (result.mode === 'app') {
    const by = (status: string) => result.checklist.filter((x) => x.status === status).length;
    const statuses = [...new Set(result.checklist.map((x) => x.status))];
    lines.push(
      `Checklist: ${statuses.map((st) => `${by(st)} ${st}`).join(', ')} (of ${result.checklist.length}).`,
      '',
    );
  }

  lines.push('## Findings per engine and stage', '', 'Cells: errors / warnings / acknowledged.', '');
  lines.push(
    `| engine | ${result.stages.join(' | ')} |`,
    `|---|${result.stages.map(() => '---').join('|')}|`,
  );
  for (const engine of result.engines) {
    const cells = result.stages.map((stage) => {
      const c = result.counts.find((x) => x.engine === engine && x.stage === stage);
      return c ? `${c.errors} / ${c.warnings} / ${c.acknowledged}` : '—';
    });
    lines.push(`| ${engine} | ${cells.join(' | ')} |`);
  }
  lines.push('');

  lines.push(`## Unacknowledged findings (${result.findings.length})`, '');
  if (result.findings.length === 0) lines.push('None.');
  for (const f of result.findings) lines.push(findingLine(f));
  lines.push('');

  if (result.expired.length > 0 || result.wide.length > 0) {
    lines.push('## Refused acknowledgements', '');
    for (const e of result.expired)
      lines.push(`- expired: \`${e.id}\` on \`${e.stage}/${e.scope}\` (expired ${e.expires})`);
    for (const w of result.wide) lines.push(`- ${w.attachedTo}-wide: \`${w.id}\` on \`${w.path}\``);
    lines.push('');
  }

  if (result.mode === 'app') {
    lines.push('## Checklist', '');
    const areas = [...new Set(result.checklist.map((c) => c.area))];
    for (const area of areas) {
      lines.push(`### ${area}`, '', ...checklistTable(result.checklist.filter((c) => c.area === area)), '');
    }
    const missing = result.checklist.filter((c) => c.status === 'missing');
    if (missing.length > 0) {
      lines.push('### Missing', '');
      for (const m of missing) lines.push(`- **${m.id}**: ${m.missing}`);
      lines.push('');
    }
    lines.push('### Evidence', '');
    for (const c of result.checklist) {
      lines.push(`<details><summary>${c.id}: ${c.status}</summary>`, '');
      for (const e of c.evidence) lines.push(`- ${e}`);
      lines.push('', '</details>', '');
    }
  } else {
    const touched = result.checklist.filter((c) => c.openFindings + c.acknowledgedFindings > 0);
    lines.push('## Checklist ids with findings', '', ...checklistTable(touched), '');
    lines.push(...templateInputs(result));
  }

  lines.push(`## Acknowledgements (${result.acknowledgements.length})`, '');
  lines.push(
    'Source `config`: `lib/compliance/acknowledgements` (per stage, from its config); `construct`: a construct acknowledges a finding of its own. Matched: findings it suppressed in this run.',
    '',
  );
  lines.push(
    '| stage | engine | rule | construct | source | matched | expires | reason |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const a of result.acknowledgements) {
    const path = a.path.slice(a.stage.length + 1) || a.path;
    lines.push(
      `| ${a.stage} | ${a.engine} | \`${cell(a.id)}\` | \`${cell(path)}\` | ${a.source} | ${a.matched} | ${a.expires ?? '—'} | ${cell(a.reason)} |`,
    );
  }
  lines.push('');
  return `${lines.join('\n')}`;
}

/** Template mode: what was done with each file, what stayed unresolved, what was not examined. */
function templateInputs(result: AuditResult): string[] {
  const lines: string[] = [];
  for (const u of result.unusable ?? [])
    lines.push(
      `- **unusable** ${u.file}${u.line ? `:${u.line}${u.column ? `:${u.column}` : ''}` : ''}: ${u.reason}`,
    );
  if (lines.length > 0) lines.unshift('## Unusable inputs', '');
  if (lines.length > 0) lines.push('');
  lines.push('## Templates', '');
  lines.push(
    'Parameters are judged at their Default (a nested stack: at the value its parent passes). Unresolved values stay references the rules cannot see through.',
    '',
  );
  for (const i of result.inputs ?? []) {
    lines.push(`### ${i.file}${i.nestedIn ? ` (nested stack ${i.nestedIn})` : ''}`, '');
    lines.push(`- stage/stack: \`${i.stage}/${i.stack}\``);
    const substituted = Object.entries(i.substituted);
    lines.push(
      `- parameters at their Default: ${substituted.length ? substituted.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') : 'none'}`,
    );
    const unresolved = Object.entries(i.unresolved);
    lines.push(
      `- unresolved values: ${unresolved.length ? unresolved.map(([k, why]) => `${k} (${why})`).join('; ') : 'none'}`,
    );
    for (const n of i.notes) lines.push(`- ${n}`);
    for (const u of i.unaudited)
      lines.push(`- **not audited** (${u.logicalIds.length}): ${u.logicalIds.join(', ')}: ${u.reason}`);
    lines.push('');
  }
  for (const s of result.skipped ?? []) lines.push(`- skipped ${s.file}: ${s.why}`);
  if ((result.skipped ?? []).length > 0) lines.push('');
  return lines;
}

/** reports/compliance.json: the result itself, keys in schema order. */
export function toJson(result: AuditResult): string {
  return `${JSON.stringify(result, undefined, 2)}\n`;
}

/** Stages shown as columns of the summary's engine table; more are summed. */
const SUMMARY_STAGE_COLUMNS = 6;

/** The one-screen summary the command prints. */
export function toSummary(result: AuditResult, written: readonly string[]): string {
  const out: string[] = [];
  const subject =
    result.mode === 'app' ? `stages ${result.stages.join(', ')}` : `${result.template} (${result.profile})`;
  out.push(`shipshape audit: ${subject}`);
  if (result.mode === 'app') {
    const by = new Map<string, number>();
    for (const c of result.checklist) by.set(c.status, (by.get(c.status) ?? 0) + 1);
    const order = ['enforced', 'built', 'tool', 'runbook', 'app', 'missing'];
    out.push(
      `  checklist: ${order.map((s) => `${by.get(s) ?? 0} ${s}`).join(', ')} (of ${result.checklist.length})`,
    );
  }
  const width = Math.max(...result.engines.map((e) => e.length));
  // Past a few stages (a directory of templates) one column per stage no longer fits a screen: the
  // summary shows totals, compliance.md has the per-stage table.
  const columns = result.stages.length <= SUMMARY_STAGE_COLUMNS ? result.stages : ['all'];
  const cellWidth = Math.max(12, ...columns.map((s) => s.length + 2));
  const title =
    columns.length === result.stages.length
      ? '(errors/warnings/acknowledged)'
      : `(errors/warnings/acknowledged over ${result.stages.length} stages; per stage in compliance.md)`;
  out.push(`  ${'engine'.padEnd(width)}  ${columns.map((s) => s.padStart(cellWidth)).join('')}   ${title}`);
  for (const engine of result.engines) {
    const cells = columns.map((stage) => {
      const c = result.counts.filter((x) => x.engine === engine && (stage === 'all' || x.stage === stage));
      const sum = (k: 'errors' | 'warnings' | 'acknowledged') => c.reduce((n, x) => n + x[k], 0);
      return `${sum('errors')}/${sum('warnings')}/${sum('acknowledged')}`.padStart(cellWidth);
    });
    out.push(`  ${engine.padEnd(width)}  ${cells.join('')}`);
  }
  const unused = result.acknowledgements.filter((a) => a.matched === 0);
  const library = unused.filter(madeByAwsCdkLib).length;
  out.push(
    `  acknowledgements: ${result.acknowledgements.length} (${unused.length} matched no finding in this run${library > 0 ? `, ${library} of them aws-cdk-lib's own validator acknowledgements` : ''})`,
  );
  if (result.mode === 'template') {
    const inputs = result.inputs ?? [];
    const substituted = inputs.reduce((n, i) => n + Object.keys(i.substituted).length, 0);
    const unresolved = inputs.flatMap((i) => Object.keys(i.unresolved).map((k) => `${k}`));
    out.push(
      `  templates: ${inputs.length}; parameters at their Default: ${substituted}; unresolved values: ${unresolved.length ? unresolved.slice(0, 6).join(', ') + (unresolved.length > 6 ? ', …' : '') : 'none'}`,
    );
  }
  const shown = result.findings.filter((f) => f.severity !== 'info').slice(0, 8);
  for (const f of shown) {
    const ids = f.checklistIds.length ? ` [${f.checklistIds.join(', ')}]` : '';
    const place =
      f.location && result.mode === 'template'
        ? `${at(f)} ${f.logicalId ?? f.constructPath}`
        : f.constructPath;
    const text = f.engine === 'Template Import' ? `: ${f.description}` : '';
    out.push(`  ${f.severity.toUpperCase()} ${f.ruleId} ${place}${ids}${text}`);
  }
  if (result.findings.length > shown.length)
    out.push(`  … ${result.findings.length - shown.length} more in the reports`);
  out.push(verdictWord(result));
  for (const reason of result.verdict.reasons) out.push(`  - ${reason}`);
  if (written.length > 0) out.push(`reports: ${written.join(', ')}`);
  return `${out.join('\n')}\n`;
}
