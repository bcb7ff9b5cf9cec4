import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** How a spawned CLI run ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Spawns the real operator CLI asynchronously (fixture servers and fakes live in the test process,
 * so a synchronous spawn would block them), from the repository root with NO_COLOR set:
 * `npx tsx bin/shipshape.ts ...` as an operator types it, or the local tsx binary where only the
 * command's own behaviour is under test (npx costs a second or two).
 *
 * @param options.env the child's whole environment @default process.env
 * @param options.via @default 'npx'
 */
export function runShipshape(
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly via?: 'npx' | 'tsx' } = {},
): Promise<CliRun> {
  const [command, prefix] =
    (options.via ?? 'npx') === 'npx' ? ['npx', ['tsx']] : [join(ROOT, 'node_modules/.bin/tsx'), []];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, 'bin/shipshape.ts', ...args], {
      cwd: ROOT,
      env: { ...(options.env ?? process.env), NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
