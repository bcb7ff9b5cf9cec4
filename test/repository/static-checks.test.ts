/**
 * The type-check and the lint run as tests of the suite, so they share its workers instead of
 * running one after the other before it (they are `npm run typecheck` and `npm run lint` too).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(ROOT, 'node_modules/.bin', command), args, { cwd: ROOT, env: process.env });
    let output = '';
    child.stdout.on('data', (d) => {
      output += String(d);
    });
    child.stderr.on('data', (d) => {
      output += String(d);
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

// Both at once: tsc is single-threaded, Biome is quick.
const typecheck = run('tsc', ['--noEmit']);
const lint = run('biome', ['check', '.']);

describe('static checks of the whole repository', () => {
  test('tsc --noEmit: no type error (strict, TypeScript 7)', async () => {
    const { code, output } = await typecheck;
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
  });

  test('biome check .: no lint or format finding', async () => {
    const { code, output } = await lint;
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
  });
});
