import { type CliIo, EXIT_OK, EXIT_USAGE, UsageError } from './common';

/** A parsed command line, or the exit code of a command that ends before it runs. */
export type CommandLine<T> = { readonly args: T } | { readonly exit: number };

/**
 * The start every subcommand shares. `parse` reads the arguments and returns them, or `'help'` for
 * `--help`: the usage goes to stdout and the command exits 0. A {@link UsageError} it throws is
 * reported as `shipshape <name>: <message>` followed by the usage on stderr, and the command exits
 * 2. Any other error propagates.
 */
export function readCommandLine<T>(
  name: string,
  usage: string,
  io: CliIo,
  parse: () => T | 'help',
): CommandLine<T> {
  let parsed: T | 'help';
  try {
    parsed = parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`shipshape ${name}: ${error.message}\n\n${usage}`);
    return { exit: EXIT_USAGE };
  }
  if (parsed === 'help') {
    io.stdout(usage);
    return { exit: EXIT_OK };
  }
  return { args: parsed };
}
