import { scanRepository } from '../secret-scan/scan';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, parseFlags } from './common';

export const SCAN_SECRETS_USAGE = `Usage: shipshape scan-secrets [--json]

Scans every file of the repository (tracked or not ignored) for credential-shaped literals: AWS
access key ids, private keys, GitHub/Slack/Stripe/Google/AI-provider tokens, JWTs, passwords in
URLs (SEC-13). Prints file, line and kind, never the value; exits 1 on any finding.
`;

/** `shipshape scan-secrets`: SEC-13 for the code, as the NoHardcodedCredentials rule is for templates. */
export async function scanSecretsCommand(argv: readonly string[], io: CliIo, root: string): Promise<number> {
  let json = false;
  try {
    const v = parseFlags({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (v.help) {
      io.stdout(SCAN_SECRETS_USAGE);
      return EXIT_OK;
    }
    json = v.json === true;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n${SCAN_SECRETS_USAGE}`);
    return EXIT_USAGE;
  }
  const findings = scanRepository(root);
  if (json) io.stdout(`${JSON.stringify({ findings }, null, 2)}\n`);
  else if (findings.length === 0) io.stdout('scan-secrets: no credential-shaped literal in the repository\n');
  else {
    for (const f of findings) io.stdout(`${f.file}:${f.line}: ${f.kind}\n`);
    io.stdout(
      `scan-secrets: ${findings.length} credential-shaped literal(s); move them to Secrets Manager\n`,
    );
  }
  return findings.length === 0 ? EXIT_OK : EXIT_FAILED;
}
