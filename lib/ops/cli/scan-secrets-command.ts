import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CredentialFinding } from '../secret-scan/detect';
import { toSecretScanSarif } from '../secret-scan/sarif';
import { scanHistory, scanRepository } from '../secret-scan/scan';
import { CliIo, EXIT_FAILED, EXIT_OK, UsageError, parseFlags } from './common';
import { readCommandLine } from './command-line';

export const SCAN_SECRETS_USAGE = `Usage: shipshape scan-secrets [--history] [--json] [--sarif FILE]

Scans every file of the repository (tracked, or untracked and not ignored) with secretlint's
recommended preset (AWS secret access keys, npm, SendGrid, Slack, GitHub, GitLab, Stripe,
OpenAI/Anthropic and other provider tokens, private keys, basic-auth and database connection
strings) plus the shapes of the ProductionReadiness-NoHardcodedCredentials rule (AWS access key
ids, AI-provider keys, JWTs, passwords in URLs) (SEC-13). Prints file, line, column and what
matched, never the value.

  --history        also scan the content of every blob reachable from any ref (branches, tags,
                   stashes): a credential committed and later deleted is still in every clone.
                   Such findings name the commit that introduced the blob.
  --json           print {"findings": [...]} on stdout
  --sarif FILE     also write the findings as SARIF 2.1.0 (secretlint's SARIF formatter)
  -h, --help       this text

Exit codes: 0 no finding, 1 at least one finding, 2 usage error, 3 the scan itself failed
(e.g. not a git repository).
`;

/** Parsed command line. */
export interface ScanSecretsArgs {
  readonly history: boolean;
  readonly json: boolean;
  readonly sarif?: string;
}

export function parseScanSecretsArgs(argv: readonly string[]): ScanSecretsArgs | 'help' {
  const v = parseFlags(argv, {
    history: { type: 'boolean' },
    json: { type: 'boolean' },
    sarif: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return 'help';
  if (v.sarif !== undefined && v.sarif.trim() === '') throw new UsageError('--sarif needs a file name');
  return {
    history: v.history === true,
    json: v.json === true,
    ...(v.sarif === undefined ? {} : { sarif: v.sarif }),
  };
}

const where = (f: CredentialFinding): string =>
  `${f.commit === undefined ? '' : `${f.commit.slice(0, 12)}:`}${f.file}:${f.line}:${f.column}`;

/** `shipshape scan-secrets`: SEC-13 for the code, as the NoHardcodedCredentials rule is for templates. */
export async function scanSecretsCommand(argv: readonly string[], io: CliIo, root: string): Promise<number> {
  const line = readCommandLine('scan-secrets', SCAN_SECRETS_USAGE, io, () => parseScanSecretsArgs(argv));
  if ('exit' in line) return line.exit;
  const args = line.args;
  const findings = [...(await scanRepository(root)), ...(args.history ? await scanHistory(root) : [])];
  if (args.sarif !== undefined) {
    const file = resolve(args.sarif);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, toSecretScanSarif(findings));
  }
  const scope = args.history ? 'the repository or its history' : 'the repository';
  if (args.json) io.stdout(`${JSON.stringify({ findings }, null, 2)}\n`);
  else if (findings.length === 0) io.stdout(`scan-secrets: no credential-shaped literal in ${scope}\n`);
  else {
    for (const f of findings) io.stdout(`${where(f)}: ${f.kind} [${f.rule}]\n`);
    io.stdout(
      `scan-secrets: ${findings.length} credential-shaped literal(s) in ${scope}; revoke them, move them to Secrets Manager` +
        `${args.history ? ' and rewrite the history (docs/rotate-now.md)' : ''}\n`,
    );
  }
  return findings.length === 0 ? EXIT_OK : EXIT_FAILED;
}
