import { formatCheck, formatJsonReport, formatTextReport } from '../verify/report';
import { runVerify } from '../verify/runner';
import { CliIo, EXIT_FAILED, EXIT_OK } from './common';
import { readCommandLine } from './command-line';
import { VERIFY_USAGE, VerifyEnv, parseVerifyArgs } from './verify-args';

/**
 * `shipshape verify`: text mode streams each check to stdout as it completes; `--json` prints one
 * JSON document to stdout and a one-line progress note per check to stderr.
 */
export async function verifyCommand(argv: readonly string[], env: VerifyEnv, io: CliIo): Promise<number> {
  const line = readCommandLine('verify', VERIFY_USAGE, io, () => parseVerifyArgs(argv, env));
  if ('exit' in line) return line.exit;
  const { verify, json } = line.args;
  const report = await runVerify(verify, {
    onCheck: (check) =>
      json ? io.stderr(`verify: ${check.status} ${check.id}\n`) : io.stdout(`${formatCheck(check)}\n`),
  });
  io.stdout(json ? formatJsonReport(report) : formatTextReport(report, { includeChecks: false }));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
