import { readFileSync, writeFileSync } from 'node:fs';
import type { ShipshapeConfig } from '../../config';
import { contactsMarkdown } from '../contacts/contacts-markdown';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, parseFlags } from './common';

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
  let check: boolean;
  try {
    const v = parseFlags({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (v.help) {
      io.stdout(CONTACTS_USAGE);
      return EXIT_OK;
    }
    check = v.check ?? false;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`shipshape contacts: ${error.message}\n\n${CONTACTS_USAGE}`);
    return EXIT_USAGE;
  }
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
