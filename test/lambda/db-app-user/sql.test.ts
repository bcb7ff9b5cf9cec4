/** The pure parts of the SQL module: quoting, naming, validation, planning, password hashing. */
import { escapeIdentifier, escapeLiteral } from 'pg';
import {
  alternateUsername,
  baseUsername,
  quoteIdent,
  quoteLiteral,
} from '../../../lambda/db-app-user/identifiers';
import {
  type ClusterState,
  planDrop,
  planStatements,
  sqlFingerprint,
} from '../../../lambda/db-app-user/plan';
import { scramSha256Verifier } from '../../../lambda/db-app-user/scram';
import { type AppUserSpec, specProblems } from '../../../lambda/db-app-user/spec';
import { APP_USER_SQL_FINGERPRINT } from '../../../lib/contracts/app-user-sql';

const spec: AppUserSpec = {
  databaseName: 'appdb',
  schemaName: 'app',
  username: 'app',
  readWriteRole: 'app_rw',
  schemaOwner: 'app_migrator',
  connectionLimit: 50,
  migratorConnectionLimit: 2,
};
const fresh: ClusterState = {
  currentUser: 'master',
  existingRoles: new Set(),
  elevatedRoles: new Set(),
  schemaExists: false,
  publicSchemaExists: true,
};
const existing: ClusterState = {
  ...fresh,
  existingRoles: new Set(['app', 'app_rw', 'app_migrator']),
  schemaExists: true,
};
const VERIFIER = 'SCRAM-SHA-256$4096:c2FsdA==$stored:server';
const MIGRATOR_VERIFIER = 'SCRAM-SHA-256$4096:bWlncg==$stored:server';

describe('quoting matches pg (and PostgreSQL) exactly', () => {
  test.each(['app', 'App', 'a"b', 'x"; DROP ROLE y; --', "o'brien", 'back\\slash', 'ünï'])('%s', (value) => {
    expect(quoteIdent(value)).toBe(escapeIdentifier(value));
    expect(quoteLiteral(value)).toBe(escapeLiteral(value).trim());
  });
});

describe('rotation usernames follow AWS get_alt_username', () => {
  test('alternates between the base user and <user>_clone', () => {
    expect(alternateUsername('app')).toBe('app_clone');
    expect(alternateUsername('app_clone')).toBe('app');
    expect(baseUsername('app_clone')).toBe('app');
    expect(baseUsername('app')).toBe('app');
  });
});

describe('specProblems', () => {
  test('a valid spec has none', () => {
    expect(specProblems(spec, 'master')).toEqual([]);
  });

  test('reports every problem at once', () => {
    const problems = specProblems(
      {
        databaseName: '',
        schemaName: 'public',
        username: `${'u'.repeat(52)}_clone`,
        readWriteRole: 'master',
        schemaOwner: 'pg_owner',
        connectionLimit: 0,
        migratorConnectionLimit: 2.5,
      },
      'master',
    );
    expect(problems).toEqual([
      'databaseName must be a non-empty string',
      expect.stringContaining('username "uuuu'),
      expect.stringContaining('schemaOwner "pg_owner" uses the reserved prefix pg_'),
      expect.stringContaining('must not end with _clone'),
      'schemaName "public" is a built-in schema; the app needs its own',
      'readWriteRole and master user must be different roles (both "master")',
      'connectionLimit must be a positive integer or -1 (unlimited), got 0',
      'migratorConnectionLimit must be a positive integer or -1 (unlimited), got 2.5',
    ]);
    expect(problems[1]).toMatch(/longer than 57 bytes/);
  });

  test('the app user cannot be the master user (it would be stripped of its rights)', () => {
    expect(specProblems({ ...spec, username: 'master' }, 'master')).toEqual([
      'username and master user must be different roles (both "master")',
    ]);
  });

  test('RDS-reserved names are refused', () => {
    expect(specProblems({ ...spec, username: 'rdsadmin' }, 'master')).toEqual([
      'username "rdsadmin" uses the prefix rds, reserved by Amazon RDS',
    ]);
  });
});

describe('planStatements', () => {
  const plan = (state: ClusterState, username = 'app', withMigrator = true) =>
    planStatements({
      spec,
      state,
      appUser: { username, verifier: VERIFIER },
      ...(withMigrator ? { migrator: { username: 'app_migrator', verifier: MIGRATOR_VERIFIER } } : {}),
    });

  test('fresh cluster: creates the roles and the schema owned by the migrator, grants through the group role', () => {
    const texts = plan(fresh).map((s) => s.logText);
    expect(texts).toEqual([
      'CREATE ROLE "app_rw" WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
      'ALTER ROLE "app_rw" WITH NOLOGIN NOCREATEDB NOCREATEROLE',
      'CREATE ROLE "app_migrator" WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
      'ALTER ROLE "app_migrator" WITH LOGIN INHERIT NOCREATEDB NOCREATEROLE CONNECTION LIMIT 2',
      `ALTER ROLE "app_migrator" WITH PASSWORD '***'`,
      'GRANT "app_migrator" TO CURRENT_USER',
      'CREATE ROLE "app" WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
      'ALTER ROLE "app" WITH LOGIN INHERIT NOCREATEDB NOCREATEROLE CONNECTION LIMIT 50',
      `ALTER ROLE "app" WITH PASSWORD '***'`,
      'GRANT "app_rw" TO "app"',
      'REVOKE ALL ON DATABASE "appdb" FROM PUBLIC',
      'REVOKE ALL ON DATABASE "appdb" FROM "app_rw", "app"',
      'GRANT CONNECT ON DATABASE "appdb" TO "app_rw"',
      'GRANT CONNECT ON DATABASE "appdb" TO "app_migrator"',
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      'CREATE SCHEMA "app" AUTHORIZATION "app_migrator"',
      'REVOKE ALL ON SCHEMA "app" FROM PUBLIC',
      'REVOKE ALL ON SCHEMA "app" FROM "app_rw", "app"',
      'GRANT USAGE ON SCHEMA "app" TO "app_rw"',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "app" TO "app_rw"',
      'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "app" TO "app_rw"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "app_migrator" IN SCHEMA "app" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "app_rw"',
      'ALTER DEFAULT PRIVILEGES FOR ROLE "app_migrator" IN SCHEMA "app" GRANT USAGE, SELECT ON SEQUENCES TO "app_rw"',
    ]);
  });

  test('passwords appear only as verifiers in the executed text and never in the log text', () => {
    const statements = plan(fresh);
    expect(statements.filter((s) => s.text.includes(VERIFIER)).map((s) => s.text)).toEqual([
      `ALTER ROLE "app" WITH PASSWORD '${VERIFIER}'`,
    ]);
    expect(statements.some((s) => s.logText.includes('SCRAM'))).toBe(false);
  });

  test('never mentions SUPERUSER, REPLICATION or BYPASSRLS in ALTER ROLE (a non-superuser master may not)', () => {
    const alters = [...plan(fresh), ...plan(existing, 'app_clone')].filter((s) =>
      s.text.startsWith('ALTER ROLE'),
    );
    expect(alters.length).toBeGreaterThan(0);
    for (const s of alters) expect(s.text).not.toMatch(/SUPERUSER|REPLICATION|BYPASSRLS/);
  });

  test('re-run: no CREATE ROLE for existing roles, ALTER SCHEMA instead of CREATE SCHEMA', () => {
    const texts = plan(existing).map((s) => s.text);
    expect(texts.filter((t) => t.startsWith('CREATE'))).toEqual([]);
    expect(texts).toContain('ALTER SCHEMA "app" OWNER TO "app_migrator"');
  });

  test('when the secret names the clone, the clone gets the password and the base user keeps its own', () => {
    const texts = plan(existing, 'app_clone').map((s) => s.text);
    expect(texts).toContain(
      'CREATE ROLE "app_clone" WITH NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
    );
    expect(texts).toContain(`ALTER ROLE "app_clone" WITH PASSWORD '${VERIFIER}'`);
    expect(texts).toContain('GRANT "app" TO "app_clone"');
    expect(texts.filter((t) => t.startsWith('ALTER ROLE "app" WITH PASSWORD'))).toEqual([]);
  });

  test('an existing clone is kept in line even when the secret names the base user', () => {
    const texts = plan({ ...existing, existingRoles: new Set([...existing.existingRoles, 'app_clone']) }).map(
      (s) => s.text,
    );
    expect(texts).toContain(
      'ALTER ROLE "app_clone" WITH LOGIN INHERIT NOCREATEDB NOCREATEROLE CONNECTION LIMIT 50',
    );
    expect(texts.some((t) => t.startsWith('ALTER ROLE "app_clone" WITH PASSWORD'))).toBe(false);
  });

  test('without a migrator the master owns the schema and needs no self-grant', () => {
    const texts = planStatements({
      spec: { ...spec, schemaOwner: 'master' },
      state: fresh,
      appUser: { username: 'app', verifier: VERIFIER },
    }).map((s) => s.text);
    expect(texts).toContain('CREATE SCHEMA "app" AUTHORIZATION "master"');
    expect(texts.some((t) => t.includes('TO CURRENT_USER'))).toBe(false);
    expect(texts.some((t) => t.includes('app_migrator'))).toBe(false);
  });

  test('refuses a secret naming an unrelated user, a mismatched migrator, and elevated roles', () => {
    expect(() => plan(fresh, 'postgres')).toThrow(
      'app user secret names "postgres", expected "app" or "app_clone"',
    );
    expect(() =>
      planStatements({
        spec,
        state: fresh,
        appUser: { username: 'app', verifier: VERIFIER },
        migrator: { username: 'someone', verifier: MIGRATOR_VERIFIER },
      }),
    ).toThrow('migrator secret names "someone", expected schema owner "app_migrator"');
    expect(() => plan({ ...existing, elevatedRoles: new Set(['app']) })).toThrow(/app have SUPERUSER/);
  });
});

describe('planDrop', () => {
  test('drops only roles that exist, clone first; nothing when none exist', () => {
    expect(
      planDrop(spec, {
        ...existing,
        existingRoles: new Set(['app', 'app_clone', 'app_rw', 'app_migrator']),
      }).map((s) => s.text),
    ).toEqual([
      'GRANT "app_clone" TO CURRENT_USER',
      'GRANT "app" TO CURRENT_USER',
      'GRANT "app_rw" TO CURRENT_USER',
      'DROP OWNED BY "app_clone", "app", "app_rw"',
      'DROP ROLE "app_clone", "app", "app_rw"',
    ]);
    expect(planDrop(spec, fresh)).toEqual([]);
  });
});

describe('scramSha256Verifier', () => {
  test('has the shape PostgreSQL stores, with a fresh salt each time', () => {
    const a = scramSha256Verifier('correct horse battery staple');
    const b = scramSha256Verifier('correct horse battery staple');
    expect(a).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
  });

  test('is deterministic for a given salt and does not contain the password', () => {
    const salt = Buffer.from('0123456789abcdef');
    const v = scramSha256Verifier('pencil', salt);
    expect(scramSha256Verifier('pencil', salt)).toBe(v);
    expect(scramSha256Verifier('pencil2', salt)).not.toBe(v);
    expect(v).not.toContain('pencil');
  });

  test('refuses empty and non-ASCII passwords without echoing them', () => {
    expect(() => scramSha256Verifier('')).toThrow('password must be a non-empty string');
    // The whole message, so nothing else (such as the password) can be in it.
    expect(() => scramSha256Verifier('pässwörd')).toThrow(
      /^password must be ASCII \(as generated by Secrets Manager\); non-ASCII needs SASLprep$/,
    );
  });
});

describe('sqlFingerprint', () => {
  test('is a stable 16-hex-digit hash', () => {
    expect(sqlFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    expect(sqlFingerprint()).toBe(sqlFingerprint());
  });

  test('is the one the construct deploys (lib/contracts): a SQL change updates both', () => {
    expect(sqlFingerprint()).toBe(APP_USER_SQL_FINGERPRINT);
  });
});
