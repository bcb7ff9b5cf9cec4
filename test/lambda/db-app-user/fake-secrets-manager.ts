/**
 * A tiny local Secrets Manager speaking the AWS JSON 1.1 protocol over HTTP: enough of
 * GetSecretValue for a handler that reads AWSCURRENT. Reach it with
 * AWS_ENDPOINT_URL_SECRETS_MANAGER=<url>.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  readonly url: string;
  /** Sets (or replaces) the AWSCURRENT value of a secret. */
  put(arn: string, value: Record<string, unknown> | string): void;
  /** Every request received: operation and SecretId. */
  readonly calls: Array<{ target: string; secretId: unknown }>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, { value: string; versionId: string }>();
  const calls: Array<{ target: string; secretId: unknown }> = [];
  let version = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = await readBody(req);
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        send(res, 400, { __type: 'SerializationException', message: 'body is not JSON' });
        return;
      }
      calls.push({ target, secretId: input['SecretId'] });
      if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
        send(res, 400, { __type: 'UnknownOperationException', message: `unsupported ${target}` });
        return;
      }
      const id = String(input['SecretId']);
      const secret = secrets.get(id);
      const stage = input['VersionStage'] ?? 'AWSCURRENT';
      if (
        !secret ||
        stage !== 'AWSCURRENT' ||
        (input['VersionId'] && input['VersionId'] !== secret.versionId)
      ) {
        send(res, 400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
        return;
      }
      send(res, 200, {
        ARN: id,
        Name: id.split(':').pop(),
        SecretString: secret.value,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Date.now() / 1000,
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    put(arn, value) {
      version += 1;
      secrets.set(arn, {
        value: typeof value === 'string' ? value : JSON.stringify(value),
        versionId: `00000000-0000-4000-8000-${String(version).padStart(12, '0')}`,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
