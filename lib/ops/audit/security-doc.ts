import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AREAS, areaOf } from '../../compliance/checklist';
import { KIND_ORDER, REGISTER, type RegisterEntry, registerStatus } from '../../compliance/register';

/** Where the generated document lives, relative to the repository root. */
export const SECURITY_DOC_PATH = 'docs/security.md';

/** Command that regenerates it. */
export const SECURITY_DOC_COMMAND = 'npm run audit -- --write-docs';

const KIND_TITLE = {
  rule: 'Enforced at synth',
  infra: 'Built by the stacks',
  tool: 'Done by a command',
  runbook: 'Runbook',
  app: 'Application contract',
} as const;

/** A repository path as a link from docs/. */
function link(path: string): string {
  const [file, anchor] = path.split('#') as [string, string | undefined];
  const target = file.startsWith('docs/') ? file.slice('docs/'.length) : `../${file}`;
  return `[${path}](${target}${anchor ? `#${anchor}` : ''})`;
}

function entrySection(entry: RegisterEntry): string[] {
  const out = [`### ${entry.id}: ${entry.requirement}`, ''];
  const status = registerStatus(entry);
  out.push(`Status: **${status}**. Suggested: ${entry.suggested.join(' + ')}.`, '');
  if (entry.missing) out.push(`Missing: ${entry.missing}.`, '');
  if (entry.weakerBecause) out.push(`Weaker than suggested because ${entry.weakerBecause}.`, '');
  const sorted = [...entry.realizations].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  );
  for (const r of sorted) {
    const e = r.evidence;
    out.push(`- ${KIND_TITLE[r.kind]}${r.covers ? ` (${r.covers})` : ''}:`);
    if (e.rules?.length) out.push(`  - rules: ${e.rules.map((x) => `\`${x}\``).join(', ')}`);
    if (e.files?.length) out.push(`  - code: ${e.files.map(link).join(', ')}`);
    if (e.stacks?.length) out.push(`  - deployed by the ${e.stacks.join(', ')} stack of every stage`);
    if (e.tests?.length) {
      out.push(
        `  - tests: ${e.tests.map((t) => `${link(t.file)}${t.name ? ` (“${t.name}”)` : ''}`).join(', ')}`,
      );
    }
    if (e.commands?.length) out.push(`  - commands: ${e.commands.map((c) => `\`${c}\``).join(', ')}`);
    if (e.docs?.length) out.push(`  - documents: ${e.docs.map(link).join(', ')}`);
  }
  out.push('');
  return out;
}

/** The text of docs/security.md, from the register alone (deterministic: no date, no synth). */
export function securityDoc(register: readonly RegisterEntry[] = REGISTER): string {
  const counts = new Map<string, number>();
  for (const e of register) counts.set(registerStatus(e), (counts.get(registerStatus(e)) ?? 0) + 1);
  const out = [
    '# Security measures',
    '',
    `<!-- GENERATED from lib/compliance/register.ts by \`${SECURITY_DOC_COMMAND}\`. Do not edit by hand. -->`,
    '',
    "Every item of the production-readiness checklist, by area, with how Shipshape realizes it and the evidence a reviewer can open. Each status is computed from that evidence, never declared: the strongest realization whose evidence exists decides (a rule counts when a test makes it fire). Statuses: **enforced** (a synth-time rule fails the build when the item breaks), **built** (the stacks build it and a test asserts it), **tool** (a project command does it), **runbook** (a documented procedure), **app** (the container's job, stated in the app contract), **missing** (not done yet, with what is missing).",
    '',
    `\`npm run audit\` checks this register against the synthesized app: it also marks an item missing when a stack it relies on is not part of every stage, and lists every finding and acknowledgement (reports/compliance.md).`,
    '',
    `Summary: ${['enforced', 'built', 'tool', 'runbook', 'app', 'missing'].map((s) => `${counts.get(s) ?? 0} ${s}`).join(', ')}, of ${register.length}.`,
    '',
  ];
  for (const [area, title] of Object.entries(AREAS)) {
    const entries = register.filter((e) => areaOf(e.id) === area);
    if (entries.length === 0) continue;
    out.push(`## ${title}`, '');
    out.push('| id | status | requirement |', '|---|---|---|');
    for (const e of entries) {
      out.push(
        `| [${e.id}](#${sectionAnchor(e)}) | ${registerStatus(e)} | ${e.requirement.replace(/\|/g, '\\|')} |`,
      );
    }
    out.push('');
    for (const e of entries) out.push(...entrySection(e));
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** GitHub anchor of an entry's heading. */
function sectionAnchor(entry: RegisterEntry): string {
  return `${entry.id}: ${entry.requirement}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Whether the committed docs/security.md is what the generator writes now. */
export function securityDocIsCurrent(root: string): boolean {
  const path = join(root, SECURITY_DOC_PATH);
  return existsSync(path) && readFileSync(path, 'utf8') === securityDoc();
}
