import { randomBytes } from 'node:crypto';
import { fail, pass, runCheck } from './check';
import { findBannerHeaders } from './headers';
import { HttpProbe, ProbeRequest, ProbeResponse, describeResponse } from './http';
import { FRAMEWORK_BANNER_PATTERNS, STACK_TRACE_PATTERNS, findLeaks } from './leak-patterns';
import { ApiKeyOptions, CheckResult } from './types';

/** Valid JSON cut short: the parser fails, which is the error path under test. */
export const MALFORMED_JSON = '{"message_content": "test"';

interface Sample {
  readonly req: ProbeRequest;
  readonly res: ProbeResponse;
}

export async function errorChecks(keys: ApiKeyOptions, client: HttpProbe): Promise<CheckResult[]> {
  const family = 'errors' as const;
  const unknown: ProbeRequest = { path: `/shipshape-verify-${randomBytes(6).toString('hex')}` };
  // With the public key (when given) the request passes authentication and reaches the JSON parser.
  const malformed: ProbeRequest = {
    method: 'POST',
    path: keys.protectedPath,
    headers: {
      'content-type': 'application/json',
      ...(keys.publicKey === undefined ? {} : { [keys.headerName]: keys.publicKey }),
    },
    body: MALFORMED_JSON,
  };
  let samples: Promise<Sample[]> | undefined;
  const fetchSamples = (): Promise<Sample[]> => {
    samples ??= (async () => {
      const out: Sample[] = [];
      for (const req of [unknown, malformed]) out.push({ req, res: await client.request(req) });
      return out;
    })();
    return samples;
  };

  return [
    await runCheck(
      {
        id: 'errors.no-stack-trace',
        family,
        title: 'Error responses (unknown path, malformed JSON) carry no stack trace',
        checklist: ['SEC-06'],
      },
      async () => {
        const evidence: string[] = [];
        let leaked = false;
        for (const { req, res } of await fetchSamples()) {
          const leaks = findLeaks(res.body, STACK_TRACE_PATTERNS);
          leaked ||= leaks.length > 0;
          evidence.push(describeResponse(req, res), ...leaks.map((l) => `  stack trace: ${l}`));
        }
        return leaked ? fail(...evidence) : pass(...evidence);
      },
    ),
    await runCheck(
      {
        id: 'errors.no-framework-banner',
        family,
        title: 'Error responses name no framework (default error pages, X-Powered-By)',
        checklist: ['SEC-06'],
      },
      async () => {
        const evidence: string[] = [];
        let leaked = false;
        for (const { req, res } of await fetchSamples()) {
          const leaks = [
            ...findLeaks(res.body, FRAMEWORK_BANNER_PATTERNS),
            ...findBannerHeaders(res.headers).map((h) => `header ${h}`),
          ];
          leaked ||= leaks.length > 0;
          evidence.push(describeResponse(req, res), ...leaks.map((l) => `  banner: ${l}`));
        }
        return leaked ? fail(...evidence) : pass(...evidence);
      },
    ),
  ];
}
