/**
 * provisionAppUser against a real PostgreSQL server, connected as an RDS-like master user that is
 * NOT a superuser (LOGIN CREATEROLE CREATEDB, owner of the database), over verified TLS, with every
 * statement logged by the server.
 */
import { escapeIdentifier, escapeLiteral } from 'pg';
import { dropAppUser, provisionAppUser } from '../../../lambda/db-app-user/provision';
import type { AppUserSpec } from '../../../lambda/db-app-user/spec';
import { type PostgresServer, startPostgres } from '../../support/postgres-server';
import {
  createMasterAndDatabase,
  FORBIDDEN,
  loginError,
  type StateSnapshot,
  snapshot,
  withClient,
} from './fixtures';

const master = { username: 'rds_like_master', password: 'Master-pw_1!x' };
const migrator = { username: 'app_migrator', password: 'Migrator-pw_2#y' };
const DB = 'appdb';
const spec: AppUserSpec = {
  databaseName: DB,
  schemaName: 'app',
  username: 'app',
  readWriteRole: 'app_rw',
  schemaOwner: migrator.username,
  connectionLimit: 10,
  migratorConnectionLimit: 3,
};
const ROLES = ['app', 'app_clone', 'app_rw', migrator.username];

let server: PostgresServer;
/** Every password handed to provisionAppUser: none may ever appear in the server log. */
const provisioned = new Set<string>();
const loggedByUs: string[] = [];

async function provision(appUser: { username: string; password: string }, s: AppUserSpec = spec) {
  provisioned.add(appUser.password);
  provisioned.add(migrator.password);
  return withClient(server, master.username, master.password, s.databaseName, (client) =>
    provisionAppUser(client, {
      spec: s,
      appUser,
      ...(s.schemaOwner === migrator.username ? { migrator } : {}),
      onStatement: (t) => loggedByUs.push(t),
    }),
  );
}

const asMaster = <T>(db: string, fn: Parameters<typeof withClient<T>>[4]) =>
  withClient(server, master.username, master.password, db, fn);
const asSuperuser = <T>(db: string, fn: Parameters<typeof withClient<T>>[4]) =>
  withClient(server, server.superuser, server.superuserPassword, db, fn);

async function expectForbiddenAll(user: string, password: string): Promise<void> {
  const outcomes: string[] = [];
  for (const { what, sql, error } of FORBIDDEN) {
    const text = sql.replace('%db', DB);
    await withClient(server, user, password, DB, async (c) => {
      try {
        await c.query(text);
        outcomes.push(`${what}: ALLOWED`);
      } catch (e) {
        const message = (e as Error).message;
        outcomes.push(error.test(message) ? `${what}: refused` : `${what}: wrong error "${message}"`);
      }
    });
  }
  expect(outcomes).toEqual(FORBIDDEN.map(({ what }) => `${what}: refused`));
}

async function expectDataAccess(user: string, password: string): Promise<void> {
  await withClient(server, user, password, DB, async (c) => {
    const inserted = await c.query<{ id: number }>(
      "INSERT INTO app.orders (item) VALUES ('widget') RETURNING id",
    );
    const id = inserted.rows[0]!.id;
    await c.query("UPDATE app.orders SET item = 'gadget' WHERE id = $1", [id]);
    const read = await c.query<{ item: string }>('SELECT item FROM app.orders WHERE id = $1', [id]);
    expect(read.rows).toEqual([{ item: 'gadget' }]);
    await c.query("SELECT nextval('app.invoice_no')");
    const deleted = await c.query('DELETE FROM app.orders WHERE id = $1', [id]);
    expect(deleted.rowCount).toBe(1);
  });
}

beforeAll(async () => {
  server = await startPostgres({ tls: true, logStatements: true });
  await createMasterAndDatabase(server, master, [DB, 'ownerdb', 'odd"db', 'dropdb']);
  // Things the app must not reach: a schema of someone else's and a table in public.
  await asMaster(DB, async (c) => {
    await c.query('CREATE SCHEMA other');
    await c.query('CREATE TABLE other.payroll (salary int)');
    await c.query('CREATE TABLE public.legacy (id int)');
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('provisionAppUser (migrator owns the schema)', () => {
  let firstRun: StateSnapshot;
  const appPassword1 = 'App-pw_3$z-first';

  test('creates the group role, the app user and the migrator with least-privilege attributes', async () => {
    const result = await provision({ username: 'app', password: appPassword1 });
    expect(result.createdRoles.sort()).toEqual(['app', 'app_migrator', 'app_rw']);
    const roles = await asMaster(
      DB,
      async (c) =>
        (
          await c.query(
            `SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
                  rolinherit, rolconnlimit
             FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
            [ROLES],
          )
        ).rows,
    );
    const locked = {
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    };
    expect(roles).toEqual([
      { rolname: 'app', rolcanlogin: true, rolinherit: true, rolconnlimit: 10, ...locked },
      { rolname: 'app_migrator', rolcanlogin: true, rolinherit: true, rolconnlimit: 3, ...locked },
      { rolname: 'app_rw', rolcanlogin: false, rolinherit: true, rolconnlimit: -1, ...locked },
    ]);
    firstRun = await asMaster(DB, (c) => snapshot(c, ROLES, DB));
  });

  test('the schema belongs to the migrator; the app user owns nothing and holds no direct grants', async () => {
    const facts = await asMaster(DB, async (c) => {
      const owner = await c.query(
        "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'app'",
      );
      const owned = await c.query(
        `SELECT (SELECT count(*) FROM pg_class WHERE relowner = 'app'::regrole)::int
              + (SELECT count(*) FROM pg_namespace WHERE nspowner = 'app'::regrole)::int
              + (SELECT count(*) FROM pg_proc WHERE proowner = 'app'::regrole)::int AS n`,
      );
      const memberships = await c.query(
        `SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
          WHERE m.member = 'app'::regrole ORDER BY 1`,
      );
      const dbAcl = await c.query('SELECT datacl::text FROM pg_database WHERE datname = $1', [DB]);
      const publicCreate = await c.query("SELECT has_schema_privilege('public', 'public', 'CREATE') AS c");
      return {
        owner: owner.rows[0].owner,
        owned: owned.rows[0].n,
        memberships: memberships.rows.map((r) => r.rolname),
        dbAcl: dbAcl.rows[0].datacl as string,
        publicCreate: publicCreate.rows[0].c,
      };
    });
    expect(facts.owner).toBe('app_migrator');
    expect(facts.owned).toBe(0);
    expect(facts.memberships).toEqual(['app_rw']);
    // Owner, group role (CONNECT only) and migrator (CONNECT only); no PUBLIC entry ("=…").
    expect(facts.dbAcl).toContain('app_rw=c/');
    expect(facts.dbAcl).toContain('app_migrator=c/');
    expect(facts.dbAcl).not.toMatch(/[{,]=/);
    expect(facts.dbAcl).not.toMatch(/[{,]app=/);
    expect(facts.publicCreate).toBe(false);
  });

  test('the migrator runs DDL; the app user can SELECT/INSERT/UPDATE/DELETE on what it creates', async () => {
    await withClient(server, migrator.username, migrator.password, DB, async (c) => {
      await c.query('CREATE TABLE app.orders (id serial PRIMARY KEY, item text NOT NULL)');
      await c.query('CREATE SEQUENCE app.invoice_no');
    });
    await expectDataAccess('app', appPassword1);
  });

  test('the app user is refused everything outside its grants', async () => {
    await expectForbiddenAll('app', appPassword1);
  });

  test('is idempotent: a second and two concurrent runs succeed and leave the same state', async () => {
    // The tables created since the first run get the default privileges; compare without them.
    const before = await asMaster(DB, (c) => snapshot(c, ROLES, DB));
    expect({ ...before, tableAcls: [] }).toEqual({ ...firstRun, tableAcls: [] });
    await provision({ username: 'app', password: appPassword1 });
    await Promise.all([
      provision({ username: 'app', password: appPassword1 }),
      provision({ username: 'app', password: appPassword1 }),
    ]);
    const after = await asMaster(DB, (c) => snapshot(c, ROLES, DB));
    expect(after).toEqual(before);
    expect(await loginError(server, 'app', appPassword1, DB)).toBeUndefined();
  });

  test('resets attributes changed by hand', async () => {
    await asMaster(DB, (c) => c.query('ALTER ROLE app CREATEDB CONNECTION LIMIT 999'));
    await asMaster(DB, (c) => c.query('GRANT CREATE ON SCHEMA app TO app'));
    await provision({ username: 'app', password: appPassword1 });
    const after = await asMaster(DB, (c) => snapshot(c, ROLES, DB));
    expect({ ...after, tableAcls: [] }).toEqual({ ...firstRun, tableAcls: [] });
  });

  test('refuses, without changing anything, when a role holds an attribute only a superuser can remove', async () => {
    await asSuperuser(DB, (c) => c.query('ALTER ROLE app_rw BYPASSRLS'));
    await expect(provision({ username: 'app', password: appPassword1 })).rejects.toThrow(
      /app_rw have SUPERUSER, REPLICATION or BYPASSRLS/,
    );
    await asSuperuser(DB, (c) => c.query('ALTER ROLE app_rw NOBYPASSRLS'));
  });

  test('a password change takes effect: the old password is refused, the new one accepted', async () => {
    const appPassword2 = 'App-pw_4%w-second';
    await provision({ username: 'app', password: appPassword2 });
    expect(await loginError(server, 'app', appPassword1, DB)).toMatch(
      /password authentication failed for user "app"/,
    );
    expect(await loginError(server, 'app', appPassword2, DB)).toBeUndefined();
  });

  describe("after AWS's multi-user rotation has created app_clone", () => {
    const appPassword = 'App-pw_5^v-third';
    const rotationPassword = 'Clone-pw_6&u-by-rotation';

    beforeAll(async () => {
      await provision({ username: 'app', password: appPassword });
      // What SecretsManagerRDSPostgreSQLRotationMultiUser's set_secret does, as the master user,
      // when the pending username does not exist yet:
      //   CREATE ROLE <pending> WITH LOGIN PASSWORD %s ; GRANT <current> TO <pending>
      await asMaster(DB, async (c) => {
        await c.query(
          `CREATE ROLE ${escapeIdentifier('app_clone')} WITH LOGIN PASSWORD ${escapeLiteral(rotationPassword)}`,
        );
        await c.query(`GRANT ${escapeIdentifier('app')} TO ${escapeIdentifier('app_clone')}`);
      });
    });

    test('the clone has the same data rights as the app user', async () => {
      await expectDataAccess('app_clone', rotationPassword);
    });

    test('the clone is refused everything the app user is refused', async () => {
      await expectForbiddenAll('app_clone', rotationPassword);
    });

    test('re-running with the secret naming the clone sets the clone password and its attributes, leaving the base user alone', async () => {
      // A later rotation: AWSCURRENT now names app_clone with a new password.
      const clonePassword = 'Clone-pw_7*t-current';
      await provision({ username: 'app_clone', password: clonePassword });
      expect(await loginError(server, 'app_clone', clonePassword, DB)).toBeUndefined();
      expect(await loginError(server, 'app_clone', rotationPassword, DB)).toMatch(
        /password authentication failed/,
      );
      // AWSPREVIOUS (the base user) must keep working until the next rotation.
      expect(await loginError(server, 'app', appPassword, DB)).toBeUndefined();
      const clone = await asMaster(
        DB,
        async (c) =>
          (
            await c.query(
              `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit,
                    ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                           WHERE m.member = r.oid) AS member_of
               FROM pg_roles r WHERE rolname = 'app_clone'`,
            )
          ).rows[0],
      );
      expect(clone).toEqual({
        rolcanlogin: true,
        rolsuper: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolreplication: false,
        rolbypassrls: false,
        rolconnlimit: spec.connectionLimit,
        member_of: ['app'],
      });
      await expectDataAccess('app_clone', clonePassword);
    });
  });

  test('no password handed to the provisioning ever reaches the server log or our statement log', () => {
    const serverLog = server.readLog();
    // Sanity: the server did log our statements, including the password changes (as verifiers).
    expect(serverLog).toContain('ALTER ROLE "app" WITH PASSWORD \'SCRAM-SHA-256$4096:');
    expect(loggedByUs).toContain('ALTER ROLE "app" WITH PASSWORD \'***\'');
    for (const password of provisioned) {
      expect(serverLog.includes(password)).toBe(false);
      expect(loggedByUs.some((line) => line.includes(password))).toBe(false);
    }
  });
});

describe('provisionAppUser (master owns the schema, no migrator)', () => {
  const ownerSpec: AppUserSpec = {
    databaseName: 'ownerdb',
    schemaName: 'svc',
    username: 'svc_user',
    readWriteRole: 'svc_rw',
    schemaOwner: master.username,
    connectionLimit: 5,
    migratorConnectionLimit: 1,
  };

  test('tables the master creates later are usable by the app user through default privileges', async () => {
    await provision({ username: 'svc_user', password: 'Svc-pw_8(s' }, ownerSpec);
    await asMaster('ownerdb', (c) => c.query('CREATE TABLE svc.items (id bigserial PRIMARY KEY, name text)'));
    const rows = await withClient(server, 'svc_user', 'Svc-pw_8(s', 'ownerdb', async (c) => {
      await c.query("INSERT INTO svc.items (name) VALUES ('a'), ('b')");
      await c.query("UPDATE svc.items SET name = 'c' WHERE name = 'b'");
      await c.query("DELETE FROM svc.items WHERE name = 'a'");
      return (await c.query('SELECT name FROM svc.items')).rows;
    });
    expect(rows).toEqual([{ name: 'c' }]);
    const owner = await asMaster(
      'ownerdb',
      async (c) =>
        (await c.query("SELECT pg_get_userbyid(nspowner) AS o FROM pg_namespace WHERE nspname = 'svc'"))
          .rows[0].o,
    );
    expect(owner).toBe(master.username);
    await expect(
      withClient(server, 'svc_user', 'Svc-pw_8(s', 'ownerdb', (c) => c.query('CREATE TABLE svc.x (id int)')),
    ).rejects.toThrow(/permission denied for schema svc/);
  });

  test('the app user of one database cannot connect to another database', async () => {
    expect(await loginError(server, 'svc_user', 'Svc-pw_8(s', DB)).toMatch(
      /permission denied for database "appdb"/,
    );
  });
});

describe('identifiers are quoted, never interpolated', () => {
  test('names with quotes, spaces and semicolons are created verbatim', async () => {
    const oddSpec: AppUserSpec = {
      databaseName: 'odd"db',
      schemaName: 'Sch"ema; DROP ROLE x; --',
      username: 'o\'brien "user"',
      readWriteRole: 'rw "group"',
      schemaOwner: master.username,
      connectionLimit: 2,
      migratorConnectionLimit: 1,
    };
    const password = 'pa\'ss\\word"; DROP ROLE app; --';
    await provision({ username: oddSpec.username, password }, oddSpec);
    await provision({ username: oddSpec.username, password }, oddSpec);
    const found = await asMaster('odd"db', async (c) => ({
      roles: (
        await c.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1', [
          [oddSpec.username, oddSpec.readWriteRole, 'app'],
        ])
      ).rows.map((r) => r.rolname),
      schema: (await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [oddSpec.schemaName])).rowCount,
    }));
    expect(found).toEqual({ roles: ['app', oddSpec.username, oddSpec.readWriteRole].sort(), schema: 1 });
    expect(await loginError(server, oddSpec.username, password, 'odd"db')).toBeUndefined();
  });
});

describe('dropAppUser', () => {
  const dropSpec: AppUserSpec = {
    databaseName: 'dropdb',
    schemaName: 'tmp',
    username: 'tmp_user',
    readWriteRole: 'tmp_rw',
    schemaOwner: master.username,
    connectionLimit: 2,
    migratorConnectionLimit: 1,
  };

  test('drops the user, its clone and the group role, keeps the schema and its data; a second drop is a no-op', async () => {
    await provision({ username: 'tmp_user', password: 'Tmp-pw_9)r' }, dropSpec);
    await asMaster('dropdb', async (c) => {
      await c.query('CREATE TABLE tmp.keep (v int)');
      await c.query('INSERT INTO tmp.keep VALUES (42)');
      await c.query("CREATE ROLE tmp_user_clone WITH LOGIN PASSWORD 'x-clone-pw'");
      await c.query('GRANT tmp_user TO tmp_user_clone');
    });
    const statements = await asMaster('dropdb', (c) => dropAppUser(c, dropSpec));
    expect(statements).toContain('DROP ROLE "tmp_user_clone", "tmp_user", "tmp_rw"');
    const after = await asMaster('dropdb', async (c) => ({
      roles: (await c.query("SELECT rolname FROM pg_roles WHERE rolname LIKE 'tmp%'")).rowCount,
      data: (await c.query('SELECT v FROM tmp.keep')).rows,
    }));
    expect(after).toEqual({ roles: 0, data: [{ v: 42 }] });
    expect(await asMaster('dropdb', (c) => dropAppUser(c, dropSpec))).toEqual([]);
  });
});
