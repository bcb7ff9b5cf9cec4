import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake, requestBody } from './loopback-fake';

/**
 * A local RDS for DescribeDBInstances in the service's Query protocol (API 2014-10-31): a
 * form-encoded POST (`Action`, `Version`, `DBInstanceIdentifier` as the identifier or the instance
 * ARN), answered with `<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances>` and
 * one `<DBInstance>` per instance, or `<ErrorResponse>` with code `DBInstanceNotFound` (HTTP 404).
 *
 * Modelled members are the ones the restore validator reads, with RDS's names and nesting:
 * DBInstanceIdentifier, DBInstanceArn, DBInstanceStatus, Engine, EngineVersion, StorageEncrypted,
 * KmsKeyId (the key's ARN), PubliclyAccessible, DBSubnetGroup/DBSubnetGroupName (RDS stores it in
 * lower case), VpcSecurityGroups/VpcSecurityGroupMembership/{VpcSecurityGroupId,Status},
 * DeletionProtection, MultiAZ, DBInstanceClass.
 *
 * An instance may be given a sequence of statuses (`creating`, `backing-up`, `available`): each
 * DescribeDBInstances moves it one step on, as time would.
 */

const XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/';

export interface FakeDbInstance {
  readonly DBInstanceIdentifier: string;
  /** Status now; `statuses` (if any) are the ones the next describes report, one each. */
  DBInstanceStatus: string;
  statuses?: string[];
  readonly Engine: string;
  readonly EngineVersion: string;
  readonly StorageEncrypted: boolean;
  readonly KmsKeyId?: string;
  readonly PubliclyAccessible: boolean;
  readonly DBSubnetGroupName: string;
  readonly VpcSecurityGroupIds: readonly string[];
  readonly DeletionProtection: boolean;
  readonly MultiAZ?: boolean;
  readonly DBInstanceClass?: string;
}

/** An error the next DescribeDBInstances calls answer with. */
export interface RdsFault {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** How many calls fail. @default Infinity */
  times?: number;
}

class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class RdsFake extends LoopbackFake {
  private readonly instances = new Map<string, FakeDbInstance>();
  private readonly faults: RdsFault[] = [];
  /** Identifiers asked for, in order. */
  readonly describes: string[] = [];

  constructor(
    readonly region = 'us-east-1',
    readonly account = '123456789012',
  ) {
    super();
  }

  arnOf(id: string): string {
    return `arn:aws:rds:${this.region}:${this.account}:db:${id}`;
  }

  addInstance(instance: FakeDbInstance): void {
    this.instances.set(instance.DBInstanceIdentifier, instance);
  }

  fail(fault: RdsFault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await requestBody(req);
    const form = new URLSearchParams(raw.toString('utf8'));
    const action = form.get('Action') ?? '';
    const requestId = randomUUID();
    let status = 200;
    let xml: string;
    try {
      if (req.method !== 'POST') throw new QueryError(400, 'InvalidAction', 'Use POST');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new QueryError(403, 'MissingAuthenticationToken', 'Missing Authentication Token');
      }
      if (form.get('Version') !== '2014-10-31')
        throw new QueryError(400, 'InvalidParameterValue', 'Unsupported Version');
      if (action !== 'DescribeDBInstances') {
        throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
      }
      const result = this.describeDbInstances(form.get('DBInstanceIdentifier'));
      xml = `<?xml version="1.0"?>\n<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      status = err.status;
      xml = `<?xml version="1.0"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    }
    res.writeHead(status, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(xml),
      'x-amzn-requestid': requestId,
    });
    res.end(xml);
  }

  private describeDbInstances(identifier: string | null): string {
    this.describes.push(identifier ?? '*');
    const fault = this.faults.find((f) => (f.times ?? 1) > 0);
    if (fault !== undefined) {
      if (fault.times !== undefined) fault.times--;
      throw new QueryError(fault.status, fault.code, fault.message);
    }
    let found: FakeDbInstance[];
    if (identifier === null) {
      found = [...this.instances.values()];
    } else {
      // The identifier or the instance's ARN, as the API accepts either.
      const id = identifier.startsWith('arn:') ? (identifier.split(':db:')[1] ?? '') : identifier;
      const instance = this.instances.get(id.toLowerCase()) ?? this.instances.get(id);
      if (instance === undefined)
        throw new QueryError(404, 'DBInstanceNotFound', `DBInstance ${id} not found.`);
      found = [instance];
    }
    for (const instance of found) {
      const next = instance.statuses?.shift();
      if (next !== undefined) instance.DBInstanceStatus = next;
    }
    return `<DBInstances>${found.map((i) => `<DBInstance>${this.instanceXml(i)}</DBInstance>`).join('')}</DBInstances>`;
  }

  private instanceXml(i: FakeDbInstance): string {
    const el = (name: string, value: string | number | boolean | undefined): string =>
      value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
    const groups = i.VpcSecurityGroupIds.map(
      (id) =>
        `<VpcSecurityGroupMembership>${el('VpcSecurityGroupId', id)}${el('Status', 'active')}</VpcSecurityGroupMembership>`,
    ).join('');
    return (
      el('DBInstanceIdentifier', i.DBInstanceIdentifier) +
      el('DBInstanceClass', i.DBInstanceClass ?? 'db.t4g.medium') +
      el('Engine', i.Engine) +
      el('DBInstanceStatus', i.DBInstanceStatus) +
      el('MultiAZ', i.MultiAZ ?? false) +
      el('EngineVersion', i.EngineVersion) +
      el('PubliclyAccessible', i.PubliclyAccessible) +
      el('StorageEncrypted', i.StorageEncrypted) +
      el('KmsKeyId', i.KmsKeyId) +
      `<VpcSecurityGroups>${groups}</VpcSecurityGroups>` +
      `<DBSubnetGroup>${el('DBSubnetGroupName', i.DBSubnetGroupName.toLowerCase())}${el('SubnetGroupStatus', 'Complete')}</DBSubnetGroup>` +
      el('DeletionProtection', i.DeletionProtection) +
      el('DBInstanceArn', this.arnOf(i.DBInstanceIdentifier))
    );
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
