import { runContract } from '../contract/runner';
import { formatCheck, formatJsonReport, formatTextReport } from '../verify/report';
import { CliIo, EXIT_FAILED, EXIT_OK } from './common';
import { readCommandLine } from './command-line';
import { CONTRACT_USAGE, ContractEnv, parseContractArgs } from './contract-args';

/** `shipshape contract`: each check to stdout as it completes (or one JSON document with --json). */
export async function contractCommand(argv: readonly string[], env: ContractEnv, io: CliIo): Promise<number> {
  const line = readCommandLine('contract', CONTRACT_USAGE, io, () => parseContractArgs(argv, env));
  if ('exit' in line) return line.exit;
  const { contract, json } = line.args;
  const report = await runContract(contract, {
    onCheck: (check) =>
      json ? io.stderr(`contract: ${check.status} ${check.id}\n`) : io.stdout(`${formatCheck(check)}\n`),
  });
  io.stdout(json ? formatJsonReport(report) : formatTextReport(report, { includeChecks: false }));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
