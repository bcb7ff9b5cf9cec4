import { ChildProcess, spawn } from 'node:child_process';

/**
 * Shared plumbing for the bundled-handler tests: each Lambda bundle runs in its own plain `node`
 * process (as in Lambda: no jest module system), driven over IPC, with the real SDK pointed at the
 * fakes through AWS_ENDPOINT_URL_<SERVICE>. Everything the process prints, and every result and
 * error it returns, lands in an OutputCapture for the "no secret value ever appears" check.
 */

export interface AwsEndpoints {
  readonly secretsManager?: string;
  readonly elastiCache?: string;
  readonly ecs?: string;
  readonly backup?: string;
  readonly rds?: string;
}

/** Env the SDK reads: service-specific endpoint URLs (AWS_ENDPOINT_URL_<SERVICE ID>) and dummy credentials. */
export function awsEnv(endpoints: AwsEndpoints): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test-access-key-id',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-for-local-fakes',
    AWS_EC2_METADATA_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    ...(endpoints.secretsManager ? { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager } : {}),
    ...(endpoints.elastiCache ? { AWS_ENDPOINT_URL_ELASTICACHE: endpoints.elastiCache } : {}),
    ...(endpoints.ecs ? { AWS_ENDPOINT_URL_ECS: endpoints.ecs } : {}),
    ...(endpoints.backup ? { AWS_ENDPOINT_URL_BACKUP: endpoints.backup } : {}),
    ...(endpoints.rds ? { AWS_ENDPOINT_URL_RDS: endpoints.rds } : {}),
  };
}

/** Accumulates text that must never contain a secret value. */
export class OutputCapture {
  private text = '';

  add(text: string): void {
    this.text += text.endsWith('\n') ? text : `${text}\n`;
  }

  /** What was captured since the last take(), without clearing it. */
  peek(): string {
    return this.text;
  }

  /** Returns and clears what was captured since the last call. */
  take(): string {
    const t = this.text;
    this.text = '';
    return t;
  }
}

const RUNNER = `
const { handler } = require(process.argv[1]);
process.on('message', async ({ id, event, flush }) => {
  if (flush !== undefined) {
    process.stdout.write('\\n' + flush + '\\n');
    process.stderr.write('\\n' + flush + '\\n');
    return;
  }
  try {
    const result = await handler(event, {});
    process.send({ id, ok: true, result: result === undefined ? null : result });
  } catch (e) {
    process.send({ id, ok: false, error: { name: e && e.name, message: e && e.message, stack: e && e.stack } });
  }
});
process.send({ ready: true });
`;

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  result?: unknown;
  error?: { name: string; message: string; stack?: string };
}

/** One Lambda execution environment: a node process that loaded the bundle once (cold start). */
export class LambdaProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    capture: OutputCapture,
  ) {
    child.on('message', (msg: Reply) => {
      if (msg.id === undefined) return;
      const w = this.waiting.get(msg.id);
      if (w === undefined) return;
      this.waiting.delete(msg.id);
      if (msg.ok) {
        capture.add(`result: ${JSON.stringify(msg.result)}`);
        w.resolve(msg.result === null ? undefined : msg.result);
      } else {
        const e = new Error(msg.error?.message ?? 'unknown error');
        e.name = msg.error?.name ?? 'Error';
        capture.add(`error: ${e.name}: ${e.message}\n${msg.error?.stack ?? ''}`);
        w.reject(e);
      }
    });
  }

  static async start(
    bundle: string,
    env: Record<string, string>,
    capture: OutputCapture,
  ): Promise<LambdaProcess> {
    const child = spawn(process.execPath, ['-e', RUNNER, bundle], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    child.stdout?.on('data', (d: Buffer) => capture.add(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => capture.add(d.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`Lambda process exited with ${code} before it was ready`)),
      );
      child.on('message', (msg: Reply) => {
        if (msg.ready) resolve();
      });
    });
    const proc = new LambdaProcess(child, capture);
    child.removeAllListeners('exit');
    child.once('exit', (code) => {
      for (const w of proc.waiting.values()) w.reject(new Error(`Lambda process exited with ${code}`));
      proc.waiting.clear();
    });
    return proc;
  }

  /**
   * Resolves once everything the process printed so far has reached the capture (stdout and
   * stderr are pipes, not ordered with the IPC replies).
   */
  async flush(): Promise<void> {
    const marker = `__flush_${this.nextId++}__`;
    let seen = 0;
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        if (d.toString('utf8').includes(marker)) seen++;
        if (seen === 2) {
          this.child.stdout?.off('data', onData);
          this.child.stderr?.off('data', onData);
          resolve();
        }
      };
      this.child.stdout?.on('data', onData);
      this.child.stderr?.on('data', onData);
      this.child.send({ flush: marker });
    });
  }

  invoke(event: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, event });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

/** Every string that must never be seen: each stored value and each key/password field inside it. */
export function secretNeedles(values: Iterable<string>): string[] {
  const needles = new Set<string>();
  for (const value of values) {
    needles.add(value);
    try {
      const parsed = JSON.parse(value) as Record<string, unknown>;
      for (const [key, field] of Object.entries(parsed)) {
        if (
          typeof field === 'string' &&
          field.length >= 16 &&
          ['current', 'previous', 'password'].includes(key)
        ) {
          needles.add(field);
        }
      }
    } catch {
      // not JSON: the whole value is the needle
    }
  }
  return [...needles];
}
