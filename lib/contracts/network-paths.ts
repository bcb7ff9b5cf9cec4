import type { NetworkPath } from './access-path';

/*
 * The network paths of the running system, proved from the templates' security groups, subnets,
 * route tables and VPC endpoints (test/contracts/network-paths.test.ts). Every access path of
 * ./access-paths.ts with a `from` adds one more: HTTPS from that compute to its service's API.
 */

const internetCannotReach = (
  [
    ['service-tasks', 'Service:Api/Service/Service', 'container'],
    ['database-proxy', 'Data:Database/Proxy', 'proxy'],
    ['database', 'Data:Database/Instance', 'database'],
    ['cache', 'Data:Cache/ReplicationGroup', 'cache'],
  ] as const
).map(
  ([name, to, port]): NetworkPath => ({
    id: `internet-cannot-reach-${name}`,
    purpose: `Nothing on the internet connects to the ${name.replace('-', ' ')}`,
    from: 'internet',
    to,
    port,
    expect: 'deny',
  }),
);

/** The network path table. */
export const NETWORK_PATHS: readonly NetworkPath[] = [
  {
    id: 'internet-reaches-alb-https',
    purpose: 'Clients reach the API over HTTPS',
    from: 'internet',
    to: 'Service:Edge/Alb',
    port: 443,
    expect: 'allow',
  },
  {
    id: 'internet-reaches-alb-http',
    purpose: 'Plain HTTP reaches the ALB only to be redirected to HTTPS',
    from: 'internet',
    to: 'Service:Edge/Alb',
    port: 80,
    expect: 'allow',
  },
  ...internetCannotReach,
  {
    id: 'alb-reaches-tasks',
    purpose: 'The ALB forwards requests and health checks to the tasks on the container port',
    from: 'Service:Edge/Alb',
    to: 'Service:Api/Service/Service',
    port: 'container',
    expect: 'allow',
  },
  {
    id: 'tasks-reach-proxy',
    purpose: 'The API connects to PostgreSQL through RDS Proxy',
    from: 'Service:Api/Service/Service',
    to: 'Data:Database/Proxy',
    port: 'proxy',
    expect: 'allow',
  },
  {
    id: 'tasks-reach-cache',
    purpose: 'The API connects to the cache (TLS + RBAC)',
    from: 'Service:Api/Service/Service',
    to: 'Data:Cache/ReplicationGroup',
    port: 'cache',
    expect: 'allow',
  },
  {
    id: 'tasks-cannot-bypass-proxy',
    purpose: 'The tasks never connect to the instance directly',
    from: 'Service:Api/Service/Service',
    to: 'Data:Database/Instance',
    port: 'database',
    expect: 'deny',
  },
  {
    id: 'proxy-reaches-database',
    purpose: 'RDS Proxy connects to the instance on its (non-default) port',
    from: 'Data:Database/Proxy',
    to: 'Data:Database/Instance',
    port: 'database',
    expect: 'allow',
  },
  {
    id: 'alb-cannot-reach-database-tier',
    purpose: 'The internet-facing ALB has no path to the data tier',
    from: 'Service:Edge/Alb',
    to: 'Data:Database/Proxy',
    port: 'proxy',
    expect: 'deny',
  },
  {
    id: 'tasks-reach-shared-volume',
    purpose: 'The tasks mount the EFS volume (NFS over TLS)',
    from: 'Service:Api/Service/Service',
    to: 'Service:Volume/FileSystem',
    port: 2049,
    requires: 'efs',
    expect: 'allow',
  },
  {
    id: 'formatter-reaches-webhooks',
    purpose: 'The formatter posts to Slack, Teams or the receiver on the internet (through NAT)',
    from: 'Monitoring:Webhooks/Function',
    to: 'internet',
    port: 443,
    requires: 'webhooks',
    expect: 'allow',
  },
  ...([443, 587] as const).map(
    (port): NetworkPath => ({
      id: `tasks-reach-external-providers-${port}`,
      purpose: `The API calls third parties on ${port} (AI provider, error tracker; SMTP submission)`,
      from: 'Service:Api/Service/Service',
      to: 'internet',
      port,
      expect: 'allow',
    }),
  ),
  {
    id: 'cache-rotator-reaches-cache',
    purpose: 'The cache rotator proves the pending password with a real TLS login',
    from: 'Data:CacheUserRotation/Rotator/Function',
    to: 'Data:Cache/ReplicationGroup',
    port: 'cache',
    expect: 'allow',
  },
  {
    id: 'app-user-provisioner-reaches-database',
    purpose: 'The app-user custom resource runs its SQL as the master user',
    from: 'Data:Database/AppUser/Function',
    to: 'Data:Database/Instance',
    port: 'database',
    expect: 'allow',
  },
  ...(
    [
      ['master', 'Data:Database/Instance/Secret/Attachment/Rotation'],
      ['app-user', 'Data:Database/AppUserSecret/Attachment/Rotation'],
    ] as const
  ).flatMap(([name, rotation]): NetworkPath[] => [
    {
      id: `${name}-hosted-rotation-reaches-database`,
      purpose: `AWS's hosted rotation of the ${name} secret logs in to PostgreSQL`,
      from: rotation,
      to: 'Data:Database/Instance',
      port: 'database',
      expect: 'allow',
    },
    {
      id: `${name}-hosted-rotation-reaches-secrets-manager`,
      purpose: `AWS's hosted rotation of the ${name} secret calls Secrets Manager`,
      from: rotation,
      to: { api: 'secretsmanager' },
      expect: 'allow',
    },
  ]),
];
