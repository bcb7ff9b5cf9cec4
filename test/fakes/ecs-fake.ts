import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake, requestBody } from './loopback-fake';

/**
 * A local ECS for UpdateService (AWS JSON 1.1, X-Amz-Target `AmazonEC2ContainerServiceV20141113.<Op>`).
 * `failWith` makes UpdateService fail the way ECS does (e.g. ServiceNotActiveException).
 */
export interface UpdateServiceCall {
  readonly cluster: string;
  readonly service: string;
  readonly forceNewDeployment: boolean;
}

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';

export class EcsFake extends LoopbackFake {
  readonly calls: UpdateServiceCall[] = [];
  /** Services that exist, as `${clusterArn}|${serviceName}`. */
  private readonly services = new Set<string>();
  failWith: { type: string; message: string } | undefined;

  addService(clusterArn: string, serviceName: string): void {
    this.services.add(`${clusterArn}|${serviceName}`);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await requestBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const send = (status: number, body: object) => {
      const payload = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(payload),
      });
      res.end(payload);
    };
    if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      send(400, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
      return;
    }
    if (target !== `${TARGET_PREFIX}UpdateService`) {
      send(400, { __type: 'UnknownOperationException', message: `Unsupported ${target}` });
      return;
    }
    const input = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    const cluster = String(input.cluster ?? 'default');
    const service = String(input.service ?? '');
    if (this.failWith !== undefined) {
      send(400, { __type: this.failWith.type, message: this.failWith.message });
      return;
    }
    if (!this.services.has(`${cluster}|${service}`)) {
      send(400, { __type: 'ServiceNotFoundException', message: 'Service not found.' });
      return;
    }
    this.calls.push({ cluster, service, forceNewDeployment: input.forceNewDeployment === true });
    send(200, {
      service: {
        serviceName: service,
        clusterArn: cluster,
        status: 'ACTIVE',
        deployments: [
          {
            id: `ecs-svc/${randomUUID().replace(/-/g, '').slice(0, 19)}`,
            status: 'PRIMARY',
            rolloutState: 'IN_PROGRESS',
          },
        ],
      },
    });
  }
}
