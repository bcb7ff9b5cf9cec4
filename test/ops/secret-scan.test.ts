import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanSecretsCommand } from '../../lib/ops/cli/scan-secrets-command';
import { scanRepository } from '../../lib/ops/secret-scan/scan';

const root = join(__dirname, '../..');

function collect() {
  const out: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stderrIsTty: false },
    out,
  };
}

/** A throwaway git repository with the given files. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-scan-'));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

// Credential shapes assembled at run time, so this file itself stays clean.
const AWS_KEY = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
const URL_WITH_PASSWORD = ['postgres://admin', 'hunter2@db.internal:5432/app'].join(':');

describe('scan-secrets (SEC-13 for the code)', () => {
  test('the repository holds no credential-shaped literal', () => {
    expect(scanRepository(root)).toEqual([]);
  });

  test('finds each planted credential with file, line and kind, never the value', async () => {
    const dir = repo({
      'config.ts': `export const key = '${AWS_KEY}';\n`,
      'notes.md': `ok\n${PEM}\n`,
      'url.txt': `${URL_WITH_PASSWORD}\n`,
      'fine.txt': 'postgresql://$DB_USERNAME:$DB_PASSWORD@host/db and {{resolve:secretsmanager:x}}\n',
    });
    expect(scanRepository(dir).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'config.ts', line: 1, kind: 'AWS access key id' },
      { file: 'notes.md', line: 2, kind: 'PEM private key' },
      { file: 'url.txt', line: 1, kind: 'password in URL' },
    ]);
    const { io, out } = collect();
    expect(await scanSecretsCommand([], io, dir)).toBe(1);
    expect(out.join('')).toContain('config.ts:1: AWS access key id');
    expect(out.join('')).not.toContain(AWS_KEY);
    expect(out.join('')).not.toContain('hunter2');
  });

  test('ignored files are not scanned; a clean repository exits 0', async () => {
    const dir = repo({
      '.gitignore': 'secret.env\n',
      'secret.env': `AWS=${AWS_KEY}\n`,
      'ok.ts': 'export {};\n',
    });
    const { io, out } = collect();
    expect(await scanSecretsCommand([], io, dir)).toBe(0);
    expect(out.join('')).toContain('no credential-shaped literal');
  });

  test('a bad flag is a usage error', async () => {
    const { io } = collect();
    expect(await scanSecretsCommand(['--nope'], io, root)).toBe(2);
  });
});
