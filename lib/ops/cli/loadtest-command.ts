import { runLoadTest } from '../loadtest/run';
import { formatLoadTestText } from '../loadtest/summary';
import { CliIo, EXIT_FAILED, EXIT_OK } from './common';
import { readCommandLine } from './command-line';
import { LOADTEST_USAGE, LoadTestEnv, parseLoadTestArgs } from './loadtest-args';

/** `shipshape loadtest`: progress on stderr once a second, the report on stdout. */
export async function loadTestCommand(argv: readonly string[], env: LoadTestEnv, io: CliIo): Promise<number> {
  const line = readCommandLine('loadtest', LOADTEST_USAGE, io, () => parseLoadTestArgs(argv, env));
  if ('exit' in line) return line.exit;
  const { loadtest, json } = line.args;
  io.stderr(
    `loadtest: ${loadtest.method} ${new URL(loadtest.path, loadtest.url).href}, ${loadtest.connections} connections, ${loadtest.durationSeconds} s${loadtest.soak ? `, soak at ${loadtest.soak.ratePerSecond} req/s` : ''}\n`,
  );
  const report = await runLoadTest(loadtest, {
    onProgress: (p) => {
      const line = `loadtest: ${p.elapsedSeconds}/${p.durationSeconds} s, ${p.requests} responses`;
      io.stderr(io.stderrIsTty ? `\r${line}` : `${line}\n`);
    },
  });
  if (io.stderrIsTty) io.stderr('\n');
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatLoadTestText(report));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
