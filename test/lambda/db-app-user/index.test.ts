/** The handler's pure helpers: property parsing, TLS settings, rotation-shape warnings (redaction: test/lambda/shared). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_RUNTIME_CA_BUNDLE, tlsFromEnvironment } from '../../../lambda/db-app-user/connection';
import { parseProperties } from '../../../lambda/db-app-user/properties';
import { rotationShapeWarnings } from '../../../lambda/db-app-user/secrets';

const base = {
  MasterSecretArn: 'arn:master',
  AppUserSecretArn: 'arn:app',
  Host: 'db.example.internal',
  Port: '5432',
  DatabaseName: 'appdb',
};

describe('parseProperties', () => {
  test('applies the defaults', () => {
    expect(parseProperties(base)).toEqual({
      masterSecretArn: 'arn:master',
      appUserSecretArn: 'arn:app',
      host: 'db.example.internal',
      port: 5432,
      databaseName: 'appdb',
      schemaName: 'app',
      readWriteRoleName: 'app_rw',
      connectionLimit: 100,
      migratorConnectionLimit: 5,
      dropOnDelete: false,
    });
  });

  test('reads every property CloudFormation sends as a string', () => {
    const parsed = parseProperties({
      ...base,
      MigratorSecretArn: 'arn:migrator',
      SchemaName: 'svc',
      ReadWriteRoleName: 'svc_writers',
      ConnectionLimit: '-1',
      MigratorConnectionLimit: '2',
      DropOnDelete: 'true',
    });
    expect(parsed).toMatchObject({
      migratorSecretArn: 'arn:migrator',
      schemaName: 'svc',
      readWriteRoleName: 'svc_writers',
      connectionLimit: -1,
      migratorConnectionLimit: 2,
      dropOnDelete: true,
    });
  });

  test('lists every problem at once', () => {
    expect(() => parseProperties({ Port: '70000', ConnectionLimit: 'ten', DropOnDelete: 'TRUE' })).toThrow(
      'Invalid resource properties:\n- MasterSecretArn is required\n- AppUserSecretArn is required\n- Host is required\n' +
        '- DatabaseName is required\n- Port must be 1-65535, got 70000\n- DropOnDelete must be "true" or "false", got "TRUE"\n' +
        '- ConnectionLimit must be an integer, got "ten"',
    );
  });
});

describe('tlsFromEnvironment', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tls-env-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('verifies against the configured bundle by default', () => {
    expect(tlsFromEnvironment({ DB_CA_BUNDLE_PATH: join(dir, 'ca.pem') })).toEqual({
      rejectUnauthorized: true,
      ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    });
  });

  test("falls back to the Lambda runtime's Amazon CA bundle", () => {
    expect(LAMBDA_RUNTIME_CA_BUNDLE).toBe('/var/runtime/ca-cert.pem');
    expect(() => tlsFromEnvironment({})).toThrow(/ENOENT.*\/var\/runtime\/ca-cert\.pem/);
  });

  test('verification is off only when explicitly asked, and unknown modes fail closed', () => {
    expect(tlsFromEnvironment({ DB_TLS_VERIFY: 'no-verify' })).toEqual({ rejectUnauthorized: false });
    expect(() => tlsFromEnvironment({ DB_TLS_VERIFY: 'disable' })).toThrow(
      /must be "verify-full" or "no-verify"/,
    );
  });
});

describe('rotationShapeWarnings', () => {
  const props = parseProperties(base);

  test('none for the shape AWS multi-user rotation expects', () => {
    expect(
      rotationShapeWarnings(
        {
          engine: 'postgres',
          host: 'h',
          port: 5432,
          dbname: 'appdb',
          username: 'app',
          password: 'p',
          masterarn: 'arn',
        },
        props,
      ),
    ).toEqual([]);
  });

  test('names each missing or inconsistent key', () => {
    expect(
      rotationShapeWarnings({ engine: 'mysql', dbname: 'other', username: 'app', password: 'p' }, props),
    ).toEqual([
      'app user secret has no "host" (multi-user rotation needs it)',
      'app user secret has no "masterarn" (multi-user rotation needs it)',
      'app user secret engine is neither "postgres" nor "aurora-postgresql"',
      'app user secret dbname differs from DatabaseName "appdb"',
    ]);
  });
});
