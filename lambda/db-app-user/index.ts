/**
 * CloudFormation custom resource (CDK Provider framework, onEvent) that creates and maintains the
 * least-privilege application user of an RDS PostgreSQL database. See ./sql.ts for the SQL.
 *
 * Create/Update: read the master secret and the app-user secret (and the migrator secret, if any),
 * connect to the database over verified TLS as the master user, provision, return the base username
 * as PhysicalResourceId. Delete: keep the roles unless DropOnDelete is "true" (see onDelete).
 *
 * Secret values never reach a log line, an error message or CloudFormation: every message that leaves
 * this module passes through redact(), and passwords reach PostgreSQL only as SCRAM verifiers.
 */
import type { CdkCustomResourceEvent, CdkCustomResourceResponse, Context } from 'aws-lambda';
import { createLogger } from '../shared/logger';
import { redact } from '../shared/redact';
import { withMasterConnection } from './connection';
import { type AppUserResourceProperties, parseProperties } from './properties';
import { dropAppUser, provisionAppUser } from './provision';
import { readSecret, rotationShapeWarnings } from './secrets';
import { assertValidSpec, specFor } from './spec';

const logger = createLogger('db-app-user');

type Event = CdkCustomResourceEvent<AppUserResourceProperties & { ServiceToken: string }>;
type DeleteEvent = Extract<Event, { RequestType: 'Delete' }>;

/** An idle-connection error after the work is done must not crash the process. */
const onConnectionError = (error: Error) =>
  logger.warn('database connection error', { message: error.message });

async function onCreateOrUpdate(event: Event, known: string[]): Promise<CdkCustomResourceResponse> {
  const props = parseProperties(event.ResourceProperties);
  const master = await readSecret(props.masterSecretArn, 'master', known);
  const appUser = await readSecret(props.appUserSecretArn, 'app user', known);
  const migrator = props.migratorSecretArn
    ? await readSecret(props.migratorSecretArn, 'migrator', known)
    : undefined;
  for (const warning of rotationShapeWarnings(appUser.fields, props)) logger.warn(warning);

  const spec = specFor(props, appUser, master, migrator);
  assertValidSpec(spec, master.username);
  logger.info('provisioning app user', {
    requestType: event.RequestType,
    host: props.host,
    port: props.port,
    databaseName: spec.databaseName,
    schemaName: spec.schemaName,
    username: spec.username,
    secretUsername: appUser.username,
    readWriteRole: spec.readWriteRole,
    schemaOwner: spec.schemaOwner,
    connectionLimit: spec.connectionLimit,
  });
  const result = await withMasterConnection(
    props,
    master,
    (client) =>
      provisionAppUser(client, {
        spec,
        appUser,
        ...(migrator ? { migrator } : {}),
        onStatement: (text) => logger.debug('sql', { statement: text }),
      }),
    onConnectionError,
  );
  logger.info('app user provisioned', {
    username: spec.username,
    createdRoles: result.createdRoles,
    statements: result.statements.length,
  });
  return {
    PhysicalResourceId: spec.username,
    Data: {
      Username: spec.username,
      ReadWriteRole: spec.readWriteRole,
      SchemaName: spec.schemaName,
      SchemaOwner: spec.schemaOwner,
    },
  };
}

async function onDelete(event: DeleteEvent, known: string[]): Promise<CdkCustomResourceResponse> {
  const physicalResourceId = event.PhysicalResourceId;
  const dropOnDelete = event.ResourceProperties.DropOnDelete === 'true';
  if (!dropOnDelete) {
    // RETAIN: the running application (and its rotation clone) log in as this role, and the group
    // role holds every grant; dropping them on a stack delete or a resource replacement would cut
    // the app off, and DROP ROLE fails anyway while the role holds privileges. Removal is a
    // deliberate manual step (or DropOnDelete=true in throwaway environments).
    logger.info('keeping database roles on delete', { physicalResourceId });
    return { PhysicalResourceId: physicalResourceId };
  }
  const props = parseProperties(event.ResourceProperties);
  const master = await readSecret(props.masterSecretArn, 'master', known);
  const appUser = await readSecret(props.appUserSecretArn, 'app user', known);
  const migrator = props.migratorSecretArn
    ? await readSecret(props.migratorSecretArn, 'migrator', known)
    : undefined;
  const spec = specFor(props, appUser, master, migrator);
  if (spec.username !== physicalResourceId) {
    // A failed Create (the framework's placeholder id) or a replaced resource: not ours to drop.
    logger.info('physical id is not the current app user, nothing to drop', {
      physicalResourceId,
      username: spec.username,
    });
    return { PhysicalResourceId: physicalResourceId };
  }
  const dropped = await withMasterConnection(
    props,
    master,
    (client) => dropAppUser(client, spec, (text) => logger.debug('sql', { statement: text })),
    onConnectionError,
  );
  logger.info('app user dropped', { username: spec.username, statements: dropped.length });
  return { PhysicalResourceId: physicalResourceId };
}

export async function handler(event: Event, context?: Context): Promise<CdkCustomResourceResponse> {
  if (context) logger.addContext(context);
  logger.info('event', {
    requestType: event.RequestType,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: event.RequestType === 'Create' ? undefined : event.PhysicalResourceId,
  });
  const known: string[] = [];
  try {
    return event.RequestType === 'Delete'
      ? await onDelete(event, known)
      : await onCreateOrUpdate(event, known);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = redact(error instanceof Error ? error.message : String(error), known);
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    logger.error('app user provisioning failed', { errorName: name, errorMessage: message, code });
    // A fresh error: the original's stack, cause and driver fields could carry what we redacted.
    throw new Error(`${name}: ${message}`);
  }
}
