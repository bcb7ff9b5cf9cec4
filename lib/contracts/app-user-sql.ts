/**
 * What the app-user construct and its provisioning Lambda (lambda/db-app-user) both need to know
 * about the SQL, so the construct never imports Lambda code.
 */

/** Default name of the NOLOGIN group role that carries a schema's data privileges. */
export function defaultReadWriteRole(schemaName: string): string {
  return `${schemaName}_rw`;
}

/**
 * Fingerprint of the SQL the provisioner generates (`sqlFingerprint()` in
 * lambda/db-app-user/plan.ts). The construct puts it in the custom resource's properties, so a
 * change to the SQL makes CloudFormation send an Update and the SQL runs again. A test recomputes it
 * from the Lambda code: a change to the SQL fails that test until this value is updated with it.
 */
export const APP_USER_SQL_FINGERPRINT = 'c771edda6f49da99';
