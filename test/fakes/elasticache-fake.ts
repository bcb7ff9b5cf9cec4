import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClient, RedisClientType } from 'redis';
import { dropConnection, FaultPlan } from './fault-plan';
import { LoopbackFake, requestBody } from './loopback-fake';
import type { RedisServerHandle } from './redis-server';

/**
 * A local ElastiCache speaking the Query protocol (form-encoded POST, XML responses) for
 * ModifyUser and DescribeUsers, backed by a REAL redis-server: when a modification completes
 * (status `modifying` → `active`), the user's passwords are set on that server with
 * `ACL SETUSER <name> resetpass >pw1 >pw2`, so a login proves what ElastiCache holds.
 * A modification completes on the `pollsUntilActive`th DescribeUsers after it (deterministic, so
 * the number of API calls in a rotation is fixed and crash points can be enumerated).
 */

const XMLNS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';

interface FakeUser {
  readonly userId: string;
  readonly userName: string;
  readonly accessString: string;
  status: 'active' | 'modifying';
  passwordCount: number;
  pending?: { passwords: string[]; pollsLeft: number };
}

class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class ElastiCacheFake extends LoopbackFake {
  private readonly users = new Map<string, FakeUser>();
  private admin: RedisClientType | undefined;
  /** DescribeUsers calls after a ModifyUser until it takes effect (the last one sees `active`). */
  pollsUntilActive = 2;
  modifyUserCalls = 0;

  constructor(
    private readonly redis: RedisServerHandle,
    readonly faults: FaultPlan = new FaultPlan(),
  ) {
    super();
  }

  /** Connects the admin client to the real redis-server, then starts listening. */
  override async start(): Promise<string> {
    const admin = createClient({
      socket: {
        host: this.redis.host,
        port: this.redis.port,
        tls: true,
        ca: readFileSync(this.redis.caFile),
        reconnectStrategy: false,
      },
      password: this.redis.adminPassword,
    });
    admin.on('error', () => undefined);
    await admin.connect();
    this.admin = admin as RedisClientType;
    return super.start();
  }

  override async stop(): Promise<void> {
    this.admin?.destroy();
    await super.stop();
  }

  /** Creates the RBAC user on the real server (as CloudFormation's CfnUser would). */
  async addUser(
    userId: string,
    userName: string,
    password: string,
    accessString = 'on ~app:* +ping +get +set',
  ): Promise<void> {
    await this.admin!.sendCommand([
      'ACL',
      'SETUSER',
      userName,
      'reset',
      ...accessString.split(' '),
      'resetpass',
      `>${password}`,
    ]);
    this.users.set(userId, { userId, userName, accessString, status: 'active', passwordCount: 1 });
  }

  userStatus(userId: string): string | undefined {
    return this.users.get(userId)?.status;
  }

  /** Applies every pending modification now (as AWS would, given time). */
  async settle(): Promise<void> {
    for (const user of this.users.values()) await this.complete(user);
  }

  private async complete(user: FakeUser): Promise<void> {
    if (user.pending === undefined) return;
    const { passwords } = user.pending;
    await this.admin!.sendCommand([
      'ACL',
      'SETUSER',
      user.userName,
      'resetpass',
      ...passwords.map((p) => `>${p}`),
    ]);
    user.passwordCount = passwords.length;
    user.pending = undefined;
    user.status = 'active';
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await requestBody(req);
    if (this.faults.isDown) {
      dropConnection(res);
      return;
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action') ?? '';
    await this.faults.admit(action);
    let status = 200;
    let xml: string;
    const requestId = randomUUID();
    try {
      if (req.method !== 'POST') throw new QueryError('InvalidAction', 'Use POST');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new QueryError('MissingAuthenticationToken', 'Missing Authentication Token', 403);
      }
      if (form.get('Version') !== '2015-02-02')
        throw new QueryError('InvalidParameterValue', 'Unsupported Version');
      const result =
        action === 'ModifyUser'
          ? this.modifyUser(form)
          : action === 'DescribeUsers'
            ? await this.describeUsers(form)
            : undefined;
      if (result === undefined)
        throw new QueryError('InvalidAction', `The action ${action} is not valid for this web service.`);
      xml = `<?xml version="1.0"?>\n<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      status = err.status;
      xml = `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    }
    if (this.faults.recordAndCheckCrash({ service: 'elasticache', operation: action })) {
      dropConnection(res);
      return;
    }
    res.writeHead(status, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(xml),
      'x-amzn-requestid': requestId,
    });
    res.end(xml);
  }

  private user(userId: string | null): FakeUser {
    const user = userId === null ? undefined : this.users.get(userId);
    if (user === undefined) throw new QueryError('UserNotFound', `User ${userId ?? ''} not found.`, 404);
    return user;
  }

  private modifyUser(form: URLSearchParams): string {
    const user = this.user(form.get('UserId'));
    const passwords = listParam(form, 'Passwords');
    if (form.get('AccessString') !== null || form.get('AppendAccessString') !== null) {
      throw new QueryError('InvalidParameterValue', 'This fake only models password changes');
    }
    if (passwords.length === 0)
      throw new QueryError('InvalidParameterCombination', 'No modifications were requested.');
    if (passwords.length > 2)
      throw new QueryError('InvalidParameterValue', 'A user can have at most two passwords.');
    if (passwords.some((p) => p.length < 16 || p.length > 128)) {
      throw new QueryError('InvalidParameterValue', 'Passwords length must be between 16-128 characters.');
    }
    if (user.status !== 'active') {
      throw new QueryError('InvalidUserState', `User ${user.userId} is not in active state.`);
    }
    this.modifyUserCalls++;
    user.status = 'modifying';
    user.pending = { passwords, pollsLeft: this.pollsUntilActive };
    return userXml(user);
  }

  private async describeUsers(form: URLSearchParams): Promise<string> {
    const id = form.get('UserId');
    const users = id === null ? [...this.users.values()] : [this.user(id)];
    for (const user of users) {
      if (user.pending !== undefined && --user.pending.pollsLeft <= 0) await this.complete(user);
    }
    return `<Users>${users.map((u) => `<member>${userXml(u)}</member>`).join('')}</Users>`;
  }
}

/** Query-protocol lists: `Name.member.1`, `Name.member.2`, ... */
function listParam(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) out.push(form.get(`${name}.member.${i}`)!);
  return out;
}

function userXml(u: FakeUser): string {
  return (
    `<UserId>${escapeXml(u.userId)}</UserId><UserName>${escapeXml(u.userName)}</UserName>` +
    `<Status>${u.status}</Status><Engine>redis</Engine><MinimumEngineVersion>6.0</MinimumEngineVersion>` +
    `<AccessString>${escapeXml(u.accessString)}</AccessString><UserGroupIds/>` +
    `<Authentication><Type>password</Type><PasswordCount>${u.passwordCount}</PasswordCount></Authentication>` +
    `<ARN>arn:aws:elasticache:us-east-1:123456789012:user:${escapeXml(u.userId)}</ARN>`
  );
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
