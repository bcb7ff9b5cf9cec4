import { readFileSync } from 'node:fs';
import { ContractOptions } from '../contract/runner';
import { LogPatterns } from '../contract/logs';
import { APP_FLAG_OPTIONS, APP_FLAG_USAGE, KeyEnv, appFlags } from './app-flags';
import { UsageError, intFlag, parseFlags, secretFlag, urlFlag } from './common';

/** Values bin/ took from the environment and the config. */
export interface ContractEnv extends KeyEnv {
  /** SHIPSHAPE_PREVIOUS_PUBLIC_API_KEY */
  readonly previousPublicKey?: string;
  /** SHIPSHAPE_PREVIOUS_ADMIN_API_KEY */
  readonly previousAdminKey?: string;
  /** `monitoring.logPatterns` of an environment, or undefined for an unknown name. */
  readonly logPatterns: (environment: string) => LogPatterns | undefined;
}

export interface ContractCommandOptions {
  readonly contract: ContractOptions;
  readonly json: boolean;
}

export const CONTRACT_USAGE = `Usage: shipshape contract --url http://127.0.0.1:8000 [--log-file app.log] [options]

Checks a container running on this machine against docs/app-contract.md, before it is pushed:
health paths answer 200; keys are required (no key and a wrong key refused, the public key
accepted, admin paths refuse the public key and accept the admin key); the previous keys are still
accepted during a rotation; /config shows no secret (the same scan as verify); errors carry no stack
trace or framework page; a disallowed origin gets no CORS grant; and, with --log-file, every log
line is JSON with the fields the alarms read, a refused key is logged as the auth-failure alarm
expects, and no key reaches the log. TLS, the HTTP redirect and the security headers are the ALB's
job and are not checked here (verify checks them on the deployed endpoint).

Run the container with the keys it would get from ECS, its output in a file, for example:
  docker run -d -p 8000:8000 -e PUBLIC_API_KEY=... -e PUBLIC_API_KEY_PREVIOUS=... \\
    -e ADMIN_API_KEY=... -e ADMIN_API_KEY_PREVIOUS=... app:dev  &&  docker logs -f <id> > app.log 2>&1 &

  --url URL                  the container's base URL, http: or https: (required)
${APP_FLAG_USAGE}
  --previous-public-key KEY  the previous public key (env SHIPSHAPE_PREVIOUS_PUBLIC_API_KEY)
  --previous-admin-key KEY   the previous admin key (env SHIPSHAPE_PREVIOUS_ADMIN_API_KEY)
  --log-file FILE            the container's output; only lines written during the run are read
  --env NAME                 whose monitoring.logPatterns the log must match (default prod)
  --log-wait MS              wait up to MS for late log lines (default 2000)
  --json                     print a JSON report on stdout
  -h, --help                 this text

Statuses as in verify (PASS, FAIL, SKIP with the reason). Exit codes: 0 nothing FAILED, 1 a check
FAILED, 2 usage error. Keys are never printed.
`;

export function parseContractArgs(
  argv: readonly string[],
  env: ContractEnv,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ContractCommandOptions | 'help' {
  const v = parseFlags(argv, {
    ...APP_FLAG_OPTIONS,
    url: { type: 'string' },
    'previous-public-key': { type: 'string' },
    'previous-admin-key': { type: 'string' },
    'log-file': { type: 'string' },
    env: { type: 'string' },
    'log-wait': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return 'help';
  const url = urlFlag('url', v.url, ['http:', 'https:']);
  if (!url)
    throw new UsageError('--url is required (the base URL of the container, e.g. http://127.0.0.1:8000)');
  const previous = {
    publicKey: secretFlag('previous-public-key', v['previous-public-key'] ?? env.previousPublicKey),
    adminKey: secretFlag('previous-admin-key', v['previous-admin-key'] ?? env.previousAdminKey),
  };
  const shared = appFlags(v, env, readFile, {
    ...(previous.publicKey === undefined ? {} : { publicKey: previous.publicKey }),
    ...(previous.adminKey === undefined ? {} : { adminKey: previous.adminKey }),
  });
  const environment = v.env ?? 'prod';
  const patterns = env.logPatterns(environment);
  if (patterns === undefined) throw new UsageError(`--env: no environment named "${environment}"`);
  if (v['log-file'] !== undefined && v['log-file'].trim() === '')
    throw new UsageError('--log-file needs a file name');
  const contract: ContractOptions = {
    ...shared,
    url,
    ...(v['log-file'] === undefined
      ? {}
      : {
          log: {
            file: v['log-file'],
            patterns,
            waitMs: intFlag('log-wait', v['log-wait'], 2000, { min: 0, max: 60_000 }),
          },
        }),
  };
  return { contract, json: v.json ?? false };
}
