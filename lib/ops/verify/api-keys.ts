import { randomBytes } from 'node:crypto';
import { CheckOutcome, fail, isRefusal, isSuccess, pass, runCheck, skip } from './check';
import { HttpProbe, ProbeRequest, describeResponse } from './http';
import { ApiKeyOptions, CheckResult } from './types';

/** Length of the key fragments looked for in /config output: long enough to be no accident. */
export const LEAK_WINDOW = 16;

/** True when `text` contains the key or any {@link LEAK_WINDOW}-character piece of it. */
export function containsKey(text: string, key: string): boolean {
  if (text.includes(key)) return true;
  for (let i = 0; i + LEAK_WINDOW <= key.length; i++) {
    if (text.includes(key.slice(i, i + LEAK_WINDOW))) return true;
  }
  return false;
}

function withKey(req: ProbeRequest, header: string, key: string | undefined): ProbeRequest {
  return key === undefined ? req : { ...req, headers: { ...(req.headers ?? {}), [header]: key } };
}

/** Sends each request; the outcome passes when `accept(status)` holds for all of them. */
async function expectAll(
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
  results.push(
    await runCheck(
      {
        id: 'api-keys.config-no-secrets',
        family,
        title: `${keys.configPath} output contains neither API key`,
        checklist: ['SEC-21', 'CFG-06'],
      },
      async () => {
        if (keys.adminKey === undefined)
          return skip('no admin key given: cannot read the configuration endpoint');
        const req = withKey({ path: keys.configPath }, header, keys.adminKey);
        const res = await client.request(req);
        const seen = describeResponse(req, res);
        if (!isSuccess(res.status)) return fail(seen, `could not read ${keys.configPath}`);
        const text = `${JSON.stringify(res.headers)}\n${res.body}`;
        const leaked = [
          ...(keys.publicKey !== undefined && containsKey(text, keys.publicKey) ? ['the public key'] : []),
          ...(containsKey(text, keys.adminKey) ? ['the admin key'] : []),
        ];
        const looked = keys.publicKey === undefined ? 'admin key' : 'public and admin keys';
        return leaked.length
          ? fail(
              seen,
              `response contains ${leaked.join(' and ')} (or a ${LEAK_WINDOW}-character piece of it)`,
            )
          : pass(seen, `${res.body.length} bytes, no trace of the ${looked}`);
      },
    ),
  );
  return results;
}
