import { CONTACT_ROLES, type ContactRole, type ShipshapeConfig } from '../../config';

/** Words for each role, as the seed checklists name them. */
const ROLE_NAMES: Record<ContactRole, string> = {
  onCall: 'On-call',
  technicalLead: 'Technical lead',
  devops: 'DevOps / operations',
  security: 'Security',
  productOwner: 'Product owner',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');
const when = (minutes: number) =>
  minutes === 0 ? 'immediately' : minutes % 60 === 0 ? `after ${minutes / 60} h` : `after ${minutes} min`;

/**
 * docs/contacts.md from config: per stage, who holds each role, the escalation path and who signs
 * a production deploy off. Generated (`npm run contacts`), so the page cannot drift from config;
 * test/ops/contacts.test.ts fails when the committed page differs.
 */
export function contactsMarkdown(configs: Readonly<Record<string, ShipshapeConfig>>): string {
  const lines = [
    '# Support contacts, escalation and sign-off',
    '',
    '<!-- Generated from config/<env>.ts `contacts` by `npm run contacts`; edit the config, not this page. -->',
    '',
    "Every alarm description ends with the stage's escalation line, so whoever an alarm reaches",
    'sees whom to call next. A production stage must name on-call, technical lead, DevOps and',
    'security contacts, an escalation path (immediately, within 1 h, within 4 h) and the sign-off',
    'roles (technical lead, security, DevOps, product owner) that approve its deploys',
    '(docs/deploy.md, `npm run review`).',
  ];
  for (const [env, config] of Object.entries(configs)) {
    const { people, escalation, signOff } = config.contacts;
    lines.push('', `## ${env}${config.stage.production ? ' (production)' : ''}`, '');
    const roles = CONTACT_ROLES.filter((r) => people[r] !== undefined);
    if (roles.length === 0) {
      lines.push('No contacts configured (allowed outside production): alarms reach `alerts` only.');
      continue;
    }
    lines.push('| role | who | email | phone |', '|---|---|---|---|');
    for (const r of roles) {
      const p = people[r]!;
      lines.push(`| ${ROLE_NAMES[r]} | ${cell(p.name)} | ${p.email} | ${p.phone ?? '-'} |`);
    }
    if (escalation.length > 0) {
      lines.push('', 'Escalation while an alarm stays open:', '');
      escalation.forEach((step, i) => {
        lines.push(
          `${i + 1}. ${when(step.afterMinutes)}: ${step.notify.map((r) => ROLE_NAMES[r]).join(', ')}`,
        );
      });
    }
    if (signOff.approvers.length > 0) {
      lines.push('', `Sign-off of a deploy: ${signOff.approvers.map((r) => ROLE_NAMES[r]).join(', ')}.`);
    }
    if (signOff.acceptedReplacements.length > 0) {
      lines.push(
        '',
        'Accepted replacements (`npm run review`):',
        '',
        '| stack | logical id | until | reason |',
        '|---|---|---|---|',
      );
      for (const a of signOff.acceptedReplacements) {
        lines.push(`| ${a.stack} | ${a.logicalId} | ${a.until} | ${cell(a.reason)} |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
