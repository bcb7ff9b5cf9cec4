/** The throwaway-server helper the database tests rely on. */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { Client } from 'pg';
import { findPostgresBinDir, startPostgres } from '../../support/postgres-server';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startPostgres', () => {
  test('fails (never skips) when the server binaries are missing, saying how to fix it', () => {
    expect(() => findPostgresBinDir({ PG_BIN_DIR: '/nonexistent/bin' }, '/nonexistent/root')).toThrow(
      /PostgreSQL server binaries not found \(looked in \/nonexistent\/bin\)\. Install the Debian "postgresql" package or set PG_BIN_DIR/,
    );
  });

  test('plain server: loopback only, password auth, stop() removes everything and is idempotent', async () => {
    const server = await startPostgres();
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.caPem).toBeUndefined();
      const client = new Client({
        host: server.host,
        port: server.port,
        user: server.superuser,
        password: server.superuserPassword,
        database: 'postgres',
      });
      await client.connect();
      const { rows } = await client.query<{ listen: string; ssl: string }>(
        "SELECT current_setting('listen_addresses') AS listen, current_setting('ssl') AS ssl",
      );
      await client.end();
      expect(rows).toEqual([{ listen: '127.0.0.1', ssl: 'off' }]);
      const wrong = new Client({
        host: server.host,
        port: server.port,
        user: server.superuser,
        password: 'wrong',
        database: 'postgres',
      });
      await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
    expect(await portOpen(server.port)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  test('TLS server: certificate verifies against the returned CA for 127.0.0.1; plaintext is rejected', async () => {
    const server = await startPostgres({ tls: true });
    try {
      const tls = new Client({
        host: server.host,
        port: server.port,
        user: server.superuser,
        password: server.superuserPassword,
        database: 'postgres',
        ssl: { ca: server.caPem, rejectUnauthorized: true },
      });
      await tls.connect();
      const { rows } = await tls.query<{ ssl: boolean }>(
        'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      await tls.end();
      expect(rows).toEqual([{ ssl: true }]);
      const plain = new Client({
        host: server.host,
        port: server.port,
        user: server.superuser,
        password: server.superuserPassword,
        database: 'postgres',
        ssl: false,
      });
      await expect(plain.connect()).rejects.toThrow(/no encryption/);
    } finally {
      await server.stop();
    }
  });
});
