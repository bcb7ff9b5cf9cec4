import { formatCheck, formatJsonReport, formatTextReport } from '../verify/report';
import { runVerify } from '../verify/runner';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './common';
import { VERIFY_USAGE, VerifyEnv, parseVerifyArgs } from './verify-args';

/**
 * `shipshape verify`: text mode streams each check to stdout as it completes; `--json` prints one
 * JSON document to stdout and a one-line progress note per check to stderr.
 */
export async function verifyCommand(argv: readonly string[], env: VerifyEnv, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseVerifyArgs>;
  try {
    parsed = parseVerifyArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipshape verify: ${error.message}\n\n${VERIFY_USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (parsed === 'help') {
    io.stdout(VERIFY_USAGE);
    return EXIT_OK;
  }
  const { verify, json } = parsed;
  const report = await runVerify(verify, {
    onCheck: (check) =>
      json ? io.stderr(`verify: ${check.status} ${check.id}\n`) : io.stdout(`${formatCheck(check)}\n`),
  });
  io.stdout(json ? formatJsonReport(report) : formatTextReport(report, { includeChecks: false }));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
