/**
 * Throwaway PostgreSQL server for tests: `initdb` in a temp dir, listens on 127.0.0.1 on an ephemeral
 * port only (no Unix socket outside the temp dir), optional TLS with a freshly minted CA, stopped and
 * deleted by `stop()`.
 *
 * The binaries are required, not optional: when they are missing `startPostgres` throws, so a test
 * that needs a real server fails instead of silently skipping (CI installs the Debian `postgresql`
 * package). Set `PG_BIN_DIR` to use binaries from elsewhere.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from './test-pki';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface StartPostgresOptions {
  /**
   * Serve TLS with a certificate for 127.0.0.1 / localhost signed by a throwaway CA, and reject every
   * non-TLS TCP connection in pg_hba.conf (like RDS's `rds.force_ssl`).
   * @default false
   */
  readonly tls?: boolean;
  /**
   * Log every statement the server receives (`log_statement = all`), so tests can prove what never
   * reaches the server log.
   * @default false
   */
  readonly logStatements?: boolean;
  /** Extra `postgresql.conf` settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Bootstrap superuser (a real superuser, unlike an RDS master user). */
  readonly superuser: string;
  readonly superuserPassword: string;
  /** PEM of the CA that signed the server certificate, when `tls` is on. */
  readonly caPem?: string;
  /** Path of {@link caPem} on disk, when `tls` is on. */
  readonly caFile?: string;
  readonly dataDir: string;
  /** Current contents of the server log. */
  readLog(): string;
  /** Stops the server (fast shutdown) and deletes every file it created. Safe to call twice. */
  stop(): Promise<void>;
}

/** Finds the PostgreSQL server binaries or throws with the reason. */
export function findPostgresBinDir(
  env: NodeJS.ProcessEnv = process.env,
  debianRoot = '/usr/lib/postgresql',
): string {
  const fromEnv = env['PG_BIN_DIR'];
  const candidates: string[] = [];
  if (fromEnv) candidates.push(fromEnv);
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debianRoot, v, 'bin')));
  }
  for (const dir of candidates) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    `PostgreSQL server binaries not found (looked in ${candidates.join(', ') || debianRoot}). ` +
      'Install the Debian "postgresql" package or set PG_BIN_DIR to the directory holding initdb and pg_ctl.',
  );
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not allocate a loopback port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** initdb refuses to run as root, so as root the server runs as this unprivileged OS user. */
function serviceAccount(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = process.env['PG_OS_USER'] ?? 'postgres';
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid, name };
}

function asServiceUser(
  account: ReturnType<typeof serviceAccount>,
  file: string,
  args: string[],
): [string, string[]] {
  return account ? ['runuser', ['-u', account.name, '--', file, ...args]] : [file, args];
}

function chownTree(path: string, account: ReturnType<typeof serviceAccount>): void {
  if (!account) return;
  execFileSync('chown', ['-R', `${account.uid}:${account.gid}`, path]);
}

/**
 * Starts a fresh PostgreSQL server. Call `stop()` in `afterAll`.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = findPostgresBinDir();
  const account = serviceAccount();
  const root = mkdtempSync(join(tmpdir(), 'pg-test-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'socket');
  const logFile = join(root, 'server.log');
  const superuser = 'postgres_test_admin';
  const superuserPassword = `su-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const pwFile = join(root, 'pwfile');
  writeFileSync(pwFile, `${superuserPassword}\n`, { mode: 0o600 });
  mkdirSync(socketDir);
  chownTree(root, account);

  let stopped = false;
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    const [initCmd, initArgs] = asServiceUser(account, join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      superuser,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await run(initCmd, initArgs);
    rmSync(pwFile);

    let caPem: string | undefined;
    let caFile: string | undefined;
    const conf: Record<string, string> = {
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${socketDir}'`,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      shared_buffers: "'16MB'",
      max_connections: '40',
      password_encryption: "'scram-sha-256'",
      log_line_prefix: "'%m [%p] %u@%d '",
      ...(options.logStatements ? { log_statement: "'all'" } : {}),
    };
    const hba = ['local all all scram-sha-256'];
    if (options.tls) {
      const pki = makeTestPki(root);
      const certs = { caFile: pki.caPath, certFile: pki.certPath, keyFile: pki.keyPath };
      chownTree(root, account);
      chmodSync(certs.keyFile, 0o600);
      conf['ssl'] = 'on';
      conf['ssl_cert_file'] = `'${certs.certFile}'`;
      conf['ssl_key_file'] = `'${certs.keyFile}'`;
      hba.push('hostssl all all 127.0.0.1/32 scram-sha-256', 'hostnossl all all 0.0.0.0/0 reject');
      caFile = certs.caFile;
      caPem = readFileSync(certs.caFile, 'utf8');
    } else {
      hba.push('host all all 127.0.0.1/32 scram-sha-256');
    }
    for (const [key, value] of Object.entries(options.settings ?? {})) conf[key] = value;
    writeFileSync(
      join(dataDir, 'postgresql.conf'),
      `${Object.entries(conf)
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n')}\n`,
      { flag: 'a' },
    );
    writeFileSync(join(dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`);
    chownTree(dataDir, account);

    // The port is free when asked for but could be taken before postgres binds it: retry a few times.
    let port = 0;
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      port = await freeLoopbackPort();
      const [ctlCmd, ctlArgs] = asServiceUser(account, join(binDir, 'pg_ctl'), [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-o',
        `-p ${port}`,
        '-w',
        '-t',
        '30',
        'start',
      ]);
      try {
        await run(ctlCmd, ctlArgs);
        lastError = undefined;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (lastError !== undefined) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${log}`);
    }

    const stopSync = () => {
      if (stopped) return;
      stopped = true;
      const [cmd, args] = asServiceUser(account, join(binDir, 'pg_ctl'), [
        '-D',
        dataDir,
        '-m',
        'immediate',
        'stop',
      ]);
      try {
        execFileSync(cmd, args, { stdio: 'ignore' });
      } catch {
        // already gone
      }
      cleanup();
    };
    // A crashed test run must not leave a server behind.
    process.once('exit', stopSync);

    return {
      host: '127.0.0.1',
      port,
      superuser,
      superuserPassword,
      caPem,
      caFile,
      dataDir,
      readLog: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', stopSync);
        const [cmd, args] = asServiceUser(account, join(binDir, 'pg_ctl'), [
          '-D',
          dataDir,
          '-m',
          'fast',
          '-w',
          'stop',
        ]);
        try {
          await run(cmd, args);
        } finally {
          cleanup();
        }
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}
