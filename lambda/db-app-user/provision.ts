/**
 * Runs the plan against a cluster: reads its state, then brings it to the declared state (or drops
 * the app user) in one transaction under an advisory lock. Connect as the master user.
 */
import { CLONE_SUFFIX, quoteIdent } from './identifiers';
import { type ClusterState, planDrop, planStatements } from './plan';
import { scramSha256Verifier } from './scram';
import { type AppUserSpec, assertValidSpec, type Credentials } from './spec';

/** The part of pg's Client this module needs; lets tests pass any client. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

const ADVISORY_LOCK_KEY = 7_305_214_091; // arbitrary, fixed: serialises concurrent runs

/** Reads what {@link planStatements} needs to know about the cluster. */
export async function inspect(client: Queryable, spec: AppUserSpec): Promise<ClusterState> {
  const roles = [spec.username, `${spec.username}${CLONE_SUFFIX}`, spec.readWriteRole, spec.schemaOwner];
  const [{ rows: who }, { rows: found }, { rows: schemas }] = [
    await client.query<{ current_user: string }>('SELECT current_user'),
    await client.query<{ rolname: string; elevated: boolean }>(
      'SELECT rolname, (rolsuper OR rolreplication OR rolbypassrls) AS elevated FROM pg_catalog.pg_roles WHERE rolname = ANY($1)',
      [roles],
    ),
    await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1)',
      [[spec.schemaName, 'public']],
    ),
  ];
  return {
    currentUser: who[0]!.current_user,
    existingRoles: new Set(found.map((r) => r.rolname)),
    elevatedRoles: new Set(found.filter((r) => r.elevated).map((r) => r.rolname)),
    schemaExists: schemas.some((s) => s.nspname === spec.schemaName),
    publicSchemaExists: schemas.some((s) => s.nspname === 'public'),
  };
}

async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    // Two deployments (or a retry racing the first attempt) must not interleave CREATE ROLE.
    await client.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK_KEY]);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface ProvisionInput {
  readonly spec: AppUserSpec;
  /** Credentials from the app-user secret (username is the base user or its clone). */
  readonly appUser: Credentials;
  /** Credentials from the migrator secret, when the schema owner is a migrator role. */
  readonly migrator?: Credentials;
  /** Called with each statement's log-safe text before it runs. */
  readonly onStatement?: (logText: string) => void;
}

export interface ProvisionResult {
  readonly statements: string[];
  readonly createdRoles: string[];
}

/**
 * Brings the cluster to the declared state in one transaction. Connect as the master user to the
 * target database. Safe to run any number of times.
 */
export async function provisionAppUser(client: Queryable, input: ProvisionInput): Promise<ProvisionResult> {
  return inTransaction(client, async () => {
    const state = await inspect(client, input.spec);
    assertValidSpec(input.spec, state.currentUser);
    const plan = planStatements({
      spec: input.spec,
      state,
      appUser: { username: input.appUser.username, verifier: scramSha256Verifier(input.appUser.password) },
      ...(input.migrator
        ? {
            migrator: {
              username: input.migrator.username,
              verifier: scramSha256Verifier(input.migrator.password),
            },
          }
        : {}),
    });
    for (const s of plan) {
      input.onStatement?.(s.logText);
      await client.query(s.text);
    }
    const created = [
      input.spec.readWriteRole,
      input.spec.username,
      `${input.spec.username}${CLONE_SUFFIX}`,
      input.spec.schemaOwner,
    ].filter(
      (r) =>
        !state.existingRoles.has(r) && plan.some((s) => s.text.startsWith(`CREATE ROLE ${quoteIdent(r)} `)),
    );
    return { statements: plan.map((s) => s.logText), createdRoles: created };
  });
}

/** Drops the app user, its clone and the group role, in one transaction. */
export async function dropAppUser(
  client: Queryable,
  spec: AppUserSpec,
  onStatement?: (logText: string) => void,
): Promise<string[]> {
  return inTransaction(client, async () => {
    const state = await inspect(client, spec);
    const plan = planDrop(spec, state);
    for (const s of plan) {
      onStatement?.(s.logText);
      await client.query(s.text);
    }
    return plan.map((s) => s.logText);
  });
}
