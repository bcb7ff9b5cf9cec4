/**
 * The migration task can change the schema and the API cannot, as deployed: the roles and secrets
 * are read from the synthesized templates of every stage (which secret each task definition injects,
 * which secrets the app-user custom resource provisions), then those logins are provisioned on a real
 * PostgreSQL server and used the way each task uses them: DDL as the migration task, DML as the API.
 */
import { type AppUserSpec, provisionAppUser } from '../../lambda/db-app-user/sql';
import { CONFIGS } from '../support/synth';
import { shared } from '../support/assembly';
import { type PostgresServer, startPostgres } from '../support/postgres-server';
import { createMasterAndDatabase, withClient } from '../lambda/db-app-user/fixtures';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
}

const ENVIRONMENTS = Object.keys(CONFIGS);

/** Logical id (in the data stack) of the secret attachment a task's DB_USERNAME comes from. */
function injectedDbSecret(env: string, taskId: RegExp): string {
  const service = shared.template(env, 'Service').toJSON() as { Resources: Record<string, Resource> };
  const data = shared.template(env, 'Data').toJSON() as { Outputs: Record<string, { Value: Json }> };
  const [task] = Object.entries(service.Resources).filter(
    ([id, r]) => r.Type === 'AWS::ECS::TaskDefinition' && taskId.test(id),
  );
  const container = (task![1].Properties.ContainerDefinitions as Json[])[0] as {
    Secrets: { Name: string; ValueFrom: Json }[];
  };
  const user = container.Secrets.find((s) => s.Name === 'DB_USERNAME')!;
  const output = JSON.stringify(user.ValueFrom).match(/"OutputName":"([^"]+)"/)![1]!;
  return (data.Outputs[output]!.Value as { Ref: string }).Ref;
}

/** The login name a secret attachment's secret is generated with. */
function usernameOf(env: string, attachmentId: string): string {
  const data = shared.template(env, 'Data').toJSON() as { Resources: Record<string, Resource> };
  const secretId = (data.Resources[attachmentId]!.Properties.SecretId as { Ref: string }).Ref;
  const generate = data.Resources[secretId]!.Properties.GenerateSecretString as {
    SecretStringTemplate: unknown;
  };
  // A JSON string, or a Fn::Join around one when the template names another secret (masterarn).
  const text = JSON.stringify(generate.SecretStringTemplate).replace(/\\"/g, '"');
  return /"username":"([^"]+)"/.exec(text)![1]!;
}

function appUserResource(env: string): Json {
  const data = shared.template(env, 'Data').toJSON() as { Resources: Record<string, Resource> };
  return Object.values(data.Resources).find((r) => r.Type === 'Custom::DatabaseAppUser')!.Properties;
}

const ref = (value: unknown) => (value as { Ref: string }).Ref;

describe.each(ENVIRONMENTS)('%s: who connects as whom, in the templates', (env) => {
  const migrate = injectedDbSecret(env, /^TasksMigrateTaskDefinition/);
  const api = injectedDbSecret(env, /^ApiTaskDefinition/);
  const database = CONFIGS[env]!.database;

  test('the migration task gets the migrator secret, the API the app user secret', () => {
    expect(usernameOf(env, migrate)).toBe(database.migratorUsername);
    expect(usernameOf(env, api)).toBe(database.appUsername);
    expect(migrate).not.toBe(api);
  });

  test('the app-user resource provisions both logins, the migrator as the schema owner', () => {
    const props = appUserResource(env);
    expect(ref(props.MigratorSecretArn)).toBe(migrate);
    expect(ref(props.AppUserSecretArn)).toBe(api);
  });

  test('both logins can authenticate through the RDS Proxy', () => {
    const data = shared.template(env, 'Data').toJSON() as { Resources: Record<string, Resource> };
    const proxy = Object.values(data.Resources).find((r) => r.Type === 'AWS::RDS::DBProxy')!;
    const secrets = (proxy.Properties.Auth as { SecretArn: unknown }[]).map((a) => ref(a.SecretArn));
    expect(secrets.sort()).toEqual([api, migrate].sort());
  });

  test("the API's execution role cannot read the migrator secret; the migration's reads nothing else", () => {
    const service = shared.template(env, 'Service').toJSON() as { Resources: Record<string, Resource> };
    const policyOf = (role: RegExp) =>
      JSON.stringify(
        Object.entries(service.Resources).filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && role.test(id)),
      );
    const migratorOutput = /PublishOutputRefDatabaseMigratorSecretAttachment\w+/;
    expect(policyOf(/^ApiExecutionRoleDefaultPolicy/)).not.toMatch(migratorOutput);
    const migration = policyOf(/^TasksMigrateExecutionRoleDefaultPolicy/);
    expect(migration).toMatch(migratorOutput);
    expect(migration).not.toMatch(/PublishOutputRefDatabaseAppUserSecretAttachment/);
    expect(migration).not.toMatch(/ApiKey|CacheUser/);
  });
});

describe('prod, on a real PostgreSQL: the migration runs DDL, then the API reads and writes', () => {
  const env = 'prod';
  const props = appUserResource(env);
  const master = { username: 'shipshape_admin', password: 'Master-pw_1!x' };
  const migrator = {
    username: usernameOf(env, injectedDbSecret(env, /^TasksMigrateTaskDefinition/)),
    password: 'Migrator-pw_2#y',
  };
  const app = {
    username: usernameOf(env, injectedDbSecret(env, /^ApiTaskDefinition/)),
    password: 'App-pw_3$z',
  };
  const db = String(props.DatabaseName);
  const schema = String(props.SchemaName);
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres({ tls: true });
    await createMasterAndDatabase(server, master, [db]);
    const spec: AppUserSpec = {
      databaseName: db,
      schemaName: schema,
      username: app.username,
      readWriteRole: String(props.ReadWriteRoleName),
      // What the handler derives when MigratorSecretArn is set (lambda/db-app-user/index.ts).
      schemaOwner: props.MigratorSecretArn ? migrator.username : master.username,
      connectionLimit: Number(props.ConnectionLimit),
      migratorConnectionLimit: Number(props.MigratorConnectionLimit),
    };
    await withClient(server, master.username, master.password, db, (c) =>
      provisionAppUser(c, { spec, appUser: app, ...(props.MigratorSecretArn ? { migrator } : {}) }),
    );
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  test('the migration task, as the migrator, creates and alters tables in the app schema', async () => {
    await withClient(server, migrator.username, migrator.password, db, async (c) => {
      await c.query(`CREATE TABLE ${schema}.orders (id serial PRIMARY KEY, item text NOT NULL)`);
      await c.query(`ALTER TABLE ${schema}.orders ADD COLUMN quantity int NOT NULL DEFAULT 1`);
      await c.query(`CREATE INDEX orders_item ON ${schema}.orders (item)`);
    });
  });

  test('the API, as the app user, reads and writes what the migration created, and cannot change it', async () => {
    await withClient(server, app.username, app.password, db, async (c) => {
      await c.query(`INSERT INTO ${schema}.orders (item, quantity) VALUES ('widget', 2)`);
      const { rows } = await c.query(`SELECT item, quantity FROM ${schema}.orders`);
      expect(rows).toEqual([{ item: 'widget', quantity: 2 }]);
      await expect(c.query(`ALTER TABLE ${schema}.orders ADD COLUMN secret text`)).rejects.toThrow(
        /must be owner of table orders/,
      );
      await expect(c.query(`CREATE TABLE ${schema}.intruder (id int)`)).rejects.toThrow(
        /permission denied for schema/,
      );
    });
  });
});
