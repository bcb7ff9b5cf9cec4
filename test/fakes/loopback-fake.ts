import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What every local fake of an AWS API shares: an HTTP server on 127.0.0.1 with an ephemeral port
 * (the URL goes into `AWS_ENDPOINT_URL_<SERVICE>`), started and stopped by the test. Subclasses
 * answer requests in {@link handle}, in their service's protocol.
 */
export abstract class LoopbackFake {
  private server: Server | undefined;

  /** Starts listening; returns the endpoint URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    // Short keep-alive: the SDK's pooled connections must not hold the server open after a test.
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Closes every connection and the server. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    this.server = undefined;
  }

  /** Answers one request. */
  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** The whole body of a request. */
export async function requestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
