import { runContract } from '../contract/runner';
import { formatCheck, formatJsonReport, formatTextReport } from '../verify/report';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './common';
import { CONTRACT_USAGE, ContractEnv, parseContractArgs } from './contract-args';

/** `shipshape contract`: each check to stdout as it completes (or one JSON document with --json). */
export async function contractCommand(argv: readonly string[], env: ContractEnv, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseContractArgs>;
  try {
    parsed = parseContractArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipshape contract: ${error.message}\n\n${CONTRACT_USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (parsed === 'help') {
    io.stdout(CONTRACT_USAGE);
    return EXIT_OK;
  }
  const { contract, json } = parsed;
  const report = await runContract(contract, {
    onCheck: (check) =>
      json ? io.stderr(`contract: ${check.status} ${check.id}\n`) : io.stdout(`${formatCheck(check)}\n`),
  });
  io.stdout(json ? formatJsonReport(report) : formatTextReport(report, { includeChecks: false }));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
