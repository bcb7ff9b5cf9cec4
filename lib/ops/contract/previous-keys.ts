import { expectAll, withKey } from '../verify/api-keys';
import { isSuccess, runCheck, skip } from '../verify/check';
import { HttpProbe, ProbeRequest } from '../verify/http';
import { ApiKeyOptions, CheckResult } from '../verify/types';

/**
 * `api-keys.previous-keys-accepted`: during a rotation the app holds `PUBLIC_API_KEY` and
 * `PUBLIC_API_KEY_PREVIOUS` (and the admin pair) and must accept both, so clients keep working
 * while they switch. The previous public key must open the protected path, the previous admin key
 * the admin paths.
 */
export async function previousKeyChecks(keys: ApiKeyOptions, client: HttpProbe): Promise<CheckResult[]> {
  const header = keys.headerName;
  const protectedReq: ProbeRequest = {
    method: keys.protectedMethod,
    path: keys.protectedPath,
    headers: { 'content-type': 'application/json' },
    ...(keys.protectedMethod === 'GET' || keys.protectedMethod === 'HEAD'
      ? {}
      : { body: keys.protectedBody }),
  };
  return [
    await runCheck(
      {
        id: 'api-keys.previous-keys-accepted',
        family: 'api-keys',
        title: 'The previous keys (the *_PREVIOUS variables) are still accepted during a rotation',
        checklist: ['SEC-17', 'TEST-02'],
      },
      async () => {
        const requests = [
          ...(keys.previousPublicKey === undefined
            ? []
            : [withKey(protectedReq, header, keys.previousPublicKey)]),
          ...(keys.previousAdminKey === undefined
            ? []
            : keys.adminPaths.map((path) => withKey({ path }, header, keys.previousAdminKey))),
        ];
        if (requests.length === 0)
          return skip('no previous key given (--previous-public-key, --previous-admin-key)');
        return expectAll(client, requests, isSuccess, '2xx');
      },
    ),
  ];
}
