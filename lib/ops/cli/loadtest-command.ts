import { runLoadTest } from '../loadtest/run';
import { formatLoadTestText } from '../loadtest/summary';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './common';
import { LOADTEST_USAGE, LoadTestEnv, parseLoadTestArgs } from './loadtest-args';

/** `shipshape loadtest`: progress on stderr once a second, the report on stdout. */
export async function loadTestCommand(argv: readonly string[], env: LoadTestEnv, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseLoadTestArgs>;
  try {
    parsed = parseLoadTestArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipshape loadtest: ${error.message}\n\n${LOADTEST_USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (parsed === 'help') {
    io.stdout(LOADTEST_USAGE);
    return EXIT_OK;
  }
  const { loadtest, json } = parsed;
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
