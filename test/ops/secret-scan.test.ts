import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScanSecretsArgs, scanSecretsCommand } from '../../lib/ops/cli/scan-secrets-command';
import { detectCredentials } from '../../lib/ops/secret-scan/detect';
import { scanHistory, scanRepository } from '../../lib/ops/secret-scan/scan';
import { loadSarifSchema, sarifErrors } from './fixtures/audit/sarif-schema';

const root = join(__dirname, '../..');

function collect() {
  const out: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stderrIsTty: false },
    out,
  };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });

/** A throwaway git repository with the given files. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-scan-'));
  dirs.push(dir);
  git(dir, 'init', '-q');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

// Credential shapes assembled at run time, so this file itself stays clean. None is a real
// credential; each has the provider's format.
const j = (...parts: string[]): string => parts.join('');
const AWS_KEY_ID = j('AKIA', 'QYLPMN5HHHFPZAM2');
const AWS_SECRET = j('Xq3vT9mZ2kLpR8sW4nY6', 'bH1cJ5dF7gA0eU2iO9tQ');
const NPM_TOKEN = j('npm_', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB7C');
const SENDGRID = j('SG.', 'ngeVfQFYQlKU0ufo8x5d1A', '.TwL2iGABf9DHoTf09kqeF8tAmbihYzrnopKc-1s5crQ');
const SLACK = j('xoxb-', '1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx');
const PEM = [
  j('-----BEGIN', ' RSA PRIVATE KEY-----'),
  ...Array.from({ length: 4 }, (_, i) => `MIIEow${String(i).repeat(58)}`),
  j('-----END', ' RSA PRIVATE KEY-----'),
].join('\n');
const URL_WITH_PASSWORD = j('postgres://admin', ':hunter2@db.internal:5432/app');

/** One planted credential of each type, each on a known line of a known file. */
const PLANTED = {
  'src/aws.ts': `// deploy credentials\nexport const accessKeyId = '${AWS_KEY_ID}';\n`,
  'deploy/aws.env': `AWS_REGION=eu-west-1\n\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`,
  '.npmrc': `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n`,
  'mail.py': `import os\n\nFROM = "noreply@example.com"\nSENDGRID_API_KEY = "${SENDGRID}"\n`,
  'notify.json': `{\n  "channel": "#ops",\n  "token": "${SLACK}"\n}\n`,
  'certs/server.key': `${PEM}\n`,
};
/** file, line and the rule (or own shape) expected to report it. */
const EXPECTED: Array<[string, number, RegExp]> = [
  ['src/aws.ts', 2, /^shipshape\/aws-access-key-id$/],
  ['deploy/aws.env', 3, /secretlint-rule-aws$/],
  ['.npmrc', 2, /secretlint-rule-npm$/],
  ['mail.py', 4, /secretlint-rule-sendgrid$/],
  ['notify.json', 3, /secretlint-rule-slack$/],
  ['certs/server.key', 1, /secretlint-rule-privatekey$/],
];
const ALL_VALUES = [AWS_KEY_ID, AWS_SECRET, NPM_TOKEN, SENDGRID, SLACK, PEM.split('\n')[1]!, 'hunter2'];

describe('scan-secrets (SEC-13 for the code)', () => {
  test('the repository holds no credential-shaped literal', async () => {
    expect(await scanRepository(root)).toEqual([]);
  });

  test.each(EXPECTED)('finds the credential planted in %s at line %d', async (file, line, rule) => {
    const dir = repo({});
    execFileSync('mkdir', ['-p', 'src', 'deploy', 'certs'], { cwd: dir });
    writeFileSync(join(dir, file), PLANTED[file as keyof typeof PLANTED]);
    const findings = await scanRepository(dir);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file, line });
    expect(findings[0]!.rule).toMatch(rule);
  });

  test('all planted types in one tree: each found with file, line and kind, never the value', async () => {
    const dir = repo({});
    execFileSync('mkdir', ['-p', 'src', 'deploy', 'certs'], { cwd: dir });
    for (const [file, text] of Object.entries(PLANTED)) writeFileSync(join(dir, file), text);
    writeFileSync(join(dir, 'url.txt'), `${URL_WITH_PASSWORD}\n`);
    writeFileSync(
      join(dir, 'fine.txt'),
      'postgresql://$DB_USERNAME:$DB_PASSWORD@host/db and {{resolve:secretsmanager:x}}\n',
    );
    const findings = await scanRepository(dir);
    const located = findings.map((f) => `${f.file}:${f.line}`).sort();
    expect(located).toEqual([...EXPECTED.map(([file, line]) => `${file}:${line}`), 'url.txt:1'].sort());
    for (const f of findings) expect(f.kind.length).toBeGreaterThan(5);

    const { io, out } = collect();
    expect(await scanSecretsCommand([], io, dir)).toBe(1);
    const text = out.join('');
    expect(text).toContain('src/aws.ts:2:');
    expect(text).toContain('mail.py:4:');
    expect(text).toMatch(/7 credential-shaped literal\(s\)/);
    for (const value of ALL_VALUES) expect(text).not.toContain(value);

    const json = collect();
    expect(await scanSecretsCommand(['--json'], json.io, dir)).toBe(1);
    const parsed = JSON.parse(json.out.join('')) as { findings: unknown[] };
    expect(parsed.findings).toHaveLength(7);
    for (const value of ALL_VALUES) expect(json.out.join('')).not.toContain(value);
  });

  test('--sarif writes valid SARIF 2.1.0 with one result per finding, file and line', async () => {
    const dir = repo({ 'mail.py': PLANTED['mail.py'], '.npmrc': PLANTED['.npmrc'] });
    const sarifFile = join(dir, 'out/secrets.sarif');
    const { io } = collect();
    expect(await scanSecretsCommand(['--sarif', sarifFile], io, dir)).toBe(1);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      runs: Array<{
        tool: { driver: { name: string } };
        results: Array<{
          ruleId: string;
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }>;
        }>;
      }>;
    };
    expect(sarifErrors(sarif, loadSarifSchema())).toEqual([]);
    expect(sarif.runs[0]!.tool.driver.name).toBe('secretlint');
    const located = sarif.runs[0]!.results.map((r) => {
      const p = r.locations[0]!.physicalLocation;
      return `${p.artifactLocation.uri}:${p.region.startLine}`;
    });
    expect(located.sort()).toEqual(['.npmrc:2', 'mail.py:4']);
    expect(readFileSync(sarifFile, 'utf8')).not.toContain(NPM_TOKEN);
  });

  test('--history finds a credential committed and then deleted; the tree scan does not', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    writeFileSync(join(dir, 'settings.py'), `DEBUG = False\nSENDGRID_API_KEY = "${SENDGRID}"\n`);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'mail settings');
    const introduced = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'rm', '-q', 'settings.py');
    git(dir, 'commit', '-q', '-m', 'remove settings');

    expect(await scanRepository(dir)).toEqual([]);
    const history = await scanHistory(dir);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ file: 'settings.py', line: 2, commit: introduced });

    const plain = collect();
    expect(await scanSecretsCommand([], plain.io, dir)).toBe(0);
    const deep = collect();
    expect(await scanSecretsCommand(['--history'], deep.io, dir)).toBe(1);
    expect(deep.out.join('')).toContain(`${introduced.slice(0, 12)}:settings.py:2:`);
    expect(deep.out.join('')).not.toContain(SENDGRID);
  });

  test('--history reports a blob still in the tree once, from the tree scan', async () => {
    const dir = repo({ '.npmrc': PLANTED['.npmrc'] });
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'npmrc');
    expect(await scanHistory(dir)).toEqual([]);
    const { io, out } = collect();
    expect(await scanSecretsCommand(['--history', '--json'], io, dir)).toBe(1);
    expect((JSON.parse(out.join('')) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  test('ignored files are not scanned; a clean repository exits 0', async () => {
    const dir = repo({
      '.gitignore': 'secret.env\n',
      'secret.env': `AWS=${AWS_KEY_ID}\n`,
      'ok.ts': 'export {};\n',
    });
    const { io, out } = collect();
    expect(await scanSecretsCommand([], io, dir)).toBe(0);
    expect(out.join('')).toContain('no credential-shaped literal');
  });

  test('a bad flag is a usage error; --help documents the exit codes', async () => {
    const { io, out } = collect();
    expect(await scanSecretsCommand(['--nope'], io, root)).toBe(2);
    expect(() => parseScanSecretsArgs(['--sarif', ''])).toThrow(/--sarif needs a file name/);
    const help = collect();
    expect(await scanSecretsCommand(['--help'], help.io, root)).toBe(0);
    expect(help.out.join('')).toMatch(/Exit codes: 0 no finding, 1 at least one finding, 2 usage error/);
    expect(out.join('')).toMatch(/Unknown option/);
  });

  test('a text, not a file: the shapes verify uses for /config', async () => {
    const found = await detectCredentials('GET /config', `{"smtp":"x","npmToken":"${NPM_TOKEN}"}`);
    expect(found.map((f) => [f.file, f.line])).toEqual([['GET /config', 1]]);
    expect(await detectCredentials('GET /config', '{"debug":false,"apiKey":"***"}')).toEqual([]);
  });
});
