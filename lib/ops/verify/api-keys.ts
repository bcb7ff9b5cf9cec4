import { randomBytes } from 'node:crypto';
import { BlockedError, CheckOutcome, fail, isRefusal, isSuccess, pass, runCheck, skip } from './check';
import { configSecretProblems } from './config-secrets';
import { HttpProbe, ProbeRequest, describeResponse } from './http';
import { secretsOf } from './redact';
import { ApiKeyOptions, CheckResult } from './types';

export { containsKey, LEAK_WINDOW } from './config-secrets';

export function withKey(req: ProbeRequest, header: string, key: string | undefined): ProbeRequest {
  return key === undefined ? req : { ...req, headers: { ...(req.headers ?? {}), [header]: key } };
}

/** Sends each request; the outcome passes when `accept(status)` holds for all of them. */
export async function expectAll(
  client: HttpProbe,
  requests: readonly ProbeRequest[],
  accept: (status: number) => boolean,
  expectation: string,
): Promise<CheckOutcome> {
  const evidence: string[] = [];
  let ok = true;
  for (const req of requests) {
    const res = await client.request(req);
    const good = accept(res.status);
    ok &&= good;
    evidence.push(`${describeResponse(req, res)}${good ? '' : ` (expected ${expectation})`}`);
  }
  return ok ? pass(...evidence) : fail(...evidence);
}

export async function apiKeyChecks(keys: ApiKeyOptions, client: HttpProbe): Promise<CheckResult[]> {
  const family = 'api-keys' as const;
  const header = keys.headerName;
  const protectedReq: ProbeRequest = {
    method: keys.protectedMethod,
    path: keys.protectedPath,
    headers: { 'content-type': 'application/json' },
    ...(keys.protectedMethod === 'GET' || keys.protectedMethod === 'HEAD'
      ? {}
      : { body: keys.protectedBody }),
  };
  const adminReqs: ProbeRequest[] = keys.adminPaths.map((path) => ({ path }));
  const all = [protectedReq, ...adminReqs];
  // Random per run: a wrong key that is 64 hex characters, as a real one would be.
  const wrongKey = randomBytes(32).toString('hex');
  const refusal = '401 or 403';
  const success = '2xx';
  const results: CheckResult[] = [];

  results.push(
    await runCheck(
      {
        id: 'api-keys.missing-key-refused',
        family,
        title: `Protected and admin paths refuse a request without ${header}`,
        checklist: ['SEC-17', 'TEST-05'],
      },
      () => expectAll(client, all, isRefusal, refusal),
    ),
  );
  results.push(
    await runCheck(
      {
        id: 'api-keys.wrong-key-refused',
        family,
        title: `Protected and admin paths refuse a wrong ${header}`,
        checklist: ['SEC-17', 'TEST-05'],
      },
      () =>
        expectAll(
          client,
          all.map((r) => withKey(r, header, wrongKey)),
          isRefusal,
          refusal,
        ),
    ),
  );
  results.push(
    await runCheck(
      {
        id: 'api-keys.public-key-accepted',
        family,
        title: `${keys.protectedMethod} ${keys.protectedPath} succeeds with the public key`,
        checklist: ['TEST-02'],
      },
      async () =>
        keys.publicKey === undefined
          ? skip('no public key given (--public-key or SHIPSHAPE_PUBLIC_API_KEY)')
          : expectAll(client, [withKey(protectedReq, header, keys.publicKey)], isSuccess, success),
    ),
  );
  results.push(
    await runCheck(
      {
        id: 'api-keys.admin-refuses-public',
        family,
        title: `Admin paths (${keys.adminPaths.join(', ')}) refuse the public key`,
        checklist: ['SEC-17', 'TEST-05'],
      },
      async () =>
        keys.publicKey === undefined
          ? skip('no public key given (--public-key or SHIPSHAPE_PUBLIC_API_KEY)')
          : expectAll(
              client,
              adminReqs.map((r) => withKey(r, header, keys.publicKey)),
              isRefusal,
              refusal,
            ),
    ),
  );
  results.push(
    await runCheck(
      {
        id: 'api-keys.admin-accepts-admin',
        family,
        title: `Admin paths (${keys.adminPaths.join(', ')}) accept the admin key`,
        checklist: ['CFG-06', 'TEST-02'],
      },
      async () =>
        keys.adminKey === undefined
          ? skip('no admin key given (--admin-key or SHIPSHAPE_ADMIN_API_KEY)')
          : expectAll(
              client,
              adminReqs.map((r) => withKey(r, header, keys.adminKey)),
              isSuccess,
              success,
            ),
    ),
  );
  results.push(await configNoSecretsCheck(keys, client));
  return results;
}

/**
 * `api-keys.config-no-secrets`: reads the configuration endpoint with the admin key and applies
 * {@link configSecretProblems}, the one definition of "no secrets in /config" (SEC-21).
 */
export function configNoSecretsCheck(keys: ApiKeyOptions, client: HttpProbe): Promise<CheckResult> {
  return runCheck(
    {
      id: 'api-keys.config-no-secrets',
      family: 'api-keys',
      title: `${keys.configPath} output holds no secret (no key, no credential shape, no secret-named value)`,
      checklist: ['SEC-21', 'CFG-06'],
    },
    async () => {
      if (keys.adminKey === undefined)
        return skip('no admin key given: cannot read the configuration endpoint');
      const req = withKey({ path: keys.configPath }, keys.headerName, keys.adminKey);
      const res = await client.request(req);
      const seen = describeResponse(req, res);
      // Refused: api-keys.admin-accepts-admin reports that; this check cannot run, not failed.
      if (isRefusal(res.status))
        throw new BlockedError(
          'api-keys.admin-accepts-admin',
          `${seen}: the admin key is refused, so ${keys.configPath} could not be read`,
        );
      if (!isSuccess(res.status)) return fail(seen, `could not read ${keys.configPath}`);
      const headers = Object.entries(res.headers)
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
        .join('\n');
      const known = secretsOf(keys);
      const problems = await configSecretProblems(
        { label: `GET ${keys.configPath}`, headers, body: res.body },
        known,
      );
      return problems.length
        ? fail(seen, ...problems)
        : pass(
            seen,
            `${res.body.length} bytes: none of the ${known.length} given keys, no credential shape, no secret-named value`,
          );
    },
  );
}
