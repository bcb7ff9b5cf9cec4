import { readFileSync, writeFileSync } from 'node:fs';
import type { ShipshapeConfig } from '../../config';
import { contactsMarkdown } from '../contacts/contacts-markdown';
import { CliIo, EXIT_FAILED, EXIT_OK, parseFlags } from './common';
import { readCommandLine } from './command-line';

export const CONTACTS_USAGE = `Usage: shipshape contacts [--check]

Writes docs/contacts.md from config/<env>.ts \`contacts\`: support contacts, escalation path and
sign-off roles per stage. With --check it writes nothing and exits 1 when the page is out of date.
`;

/** `shipshape contacts`: the generated contacts page. */
export function contactsCommand(
  argv: readonly string[],
  io: CliIo,
  env: { readonly page: string; readonly configs: () => Readonly<Record<string, ShipshapeConfig>> },
): number {
  const line = readCommandLine('contacts', CONTACTS_USAGE, io, () => {
    const v = parseFlags(argv, { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    return v.help ? 'help' : { check: v.check ?? false };
  });
  if ('exit' in line) return line.exit;
  const { check } = line.args;
  const page = contactsMarkdown(env.configs());
  let current = '';
  try {
    current = readFileSync(env.page, 'utf8');
  } catch {
    // No page yet: out of date.
  }
  if (check) {
    if (current === page) return EXIT_OK;
    io.stderr(`shipshape contacts: ${env.page} is out of date with config; run npm run contacts\n`);
    return EXIT_FAILED;
  }
  writeFileSync(env.page, page);
  io.stdout(`wrote ${env.page}\n`);
  return EXIT_OK;
}
