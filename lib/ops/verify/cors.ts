import { IncomingHttpHeaders } from 'node:http';
import { fail, pass, runCheck } from './check';
import { HttpProbe, ProbeRequest, describeResponse, headerValue } from './http';
import { ApiKeyOptions, CheckResult } from './types';

/**
 * Judges one response to a request from a disallowed origin. Any Access-Control-Allow-Origin that
 * lets that origin read the response (`*`, `null`, or the origin echoed back) fails, and `*` with
 * credentials fails everywhere. A fixed ACAO naming some *other* trusted origin is harmless (the
 * browser compares it with the caller's origin), so it is reported but passes.
 */
export function corsProblems(headers: IncomingHttpHeaders, origin: string): string[] {
  const acao = headerValue(headers, 'access-control-allow-origin');
  const acac = headerValue(headers, 'access-control-allow-credentials');
  const problems: string[] = [];
  if (acao === undefined) return problems;
  const value = acao.trim();
  if (value === '*') problems.push('Access-Control-Allow-Origin: * (wildcard)');
  else if (value.toLowerCase() === 'null') problems.push('Access-Control-Allow-Origin: null');
  else if (value.toLowerCase() === origin.toLowerCase()) problems.push(`disallowed origin echoed: ${value}`);
  if (value === '*' && acac?.trim().toLowerCase() === 'true') {
    problems.push('wildcard origin together with Access-Control-Allow-Credentials: true');
  }
  return problems;
}

export async function corsChecks(
  origin: string,
  keys: ApiKeyOptions,
  client: HttpProbe,
): Promise<CheckResult[]> {
  return [
    await runCheck(
      {
        id: 'cors.disallowed-origin',
        family: 'cors',
        title: `A disallowed Origin (${origin}) is not granted access`,
        checklist: ['SEC-14'],
      },
      async () => {
        const requests: ProbeRequest[] = [
          { path: '/', headers: { origin } },
          {
            method: 'OPTIONS',
            path: keys.protectedPath,
            headers: {
              origin,
              'access-control-request-method': keys.protectedMethod,
              'access-control-request-headers': `${keys.headerName.toLowerCase()},content-type`,
            },
          },
        ];
        const evidence: string[] = [];
        let failed = false;
        for (const req of requests) {
          const res = await client.request(req);
          const problems = corsProblems(res.headers, origin);
          failed ||= problems.length > 0;
          const acao = headerValue(res.headers, 'access-control-allow-origin');
          const acac = headerValue(res.headers, 'access-control-allow-credentials');
          evidence.push(
            `${describeResponse(req, res)}; Access-Control-Allow-Origin: ${acao ?? '(none)'}${acac ? `; Access-Control-Allow-Credentials: ${acac}` : ''}`,
            ...problems.map((p) => `  ${p}`),
          );
        }
        return failed ? fail(...evidence) : pass(...evidence);
      },
    ),
  ];
}
