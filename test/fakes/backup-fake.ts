import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake, requestBody } from './loopback-fake';

/**
 * A local AWS Backup for the two restore-job operations the restore validator calls, in the
 * service's REST JSON protocol (restJson1, API 2018-11-15):
 *
 * - DescribeRestoreJob: `GET /restore-jobs/{restoreJobId}` → 200, the job as JSON (PascalCase
 *   members, timestamps as epoch seconds), or 400 `ResourceNotFoundException`.
 * - PutRestoreValidationResult: `PUT /restore-jobs/{restoreJobId}/validations` with
 *   `{"ValidationStatus", "ValidationStatusMessage"}` → 204 with an empty body; the status must be
 *   one of FAILED | SUCCESSFUL | TIMED_OUT | VALIDATING (else 400 `InvalidParameterValueException`).
 *   The result is recorded on the job, so a later DescribeRestoreJob shows it.
 *
 * Errors carry the `x-amzn-ErrorType` header and a `{"Code","Message"}` body, as the service's do.
 * Shapes from the AWS Backup API reference (DescribeRestoreJob, PutRestoreValidationResult).
 * Not verified there, and modelled as the likeliest behaviour: a validation result for a job that
 * no restore testing plan created, or that is not COMPLETED, is refused with
 * `InvalidRequestException`.
 */

export interface FakeRestoreJob {
  readonly RestoreJobId: string;
  readonly AccountId: string;
  Status: 'PENDING' | 'RUNNING' | 'COMPLETED' | 'ABORTED' | 'FAILED';
  readonly StatusMessage?: string;
  readonly ResourceType: string;
  readonly RecoveryPointArn: string;
  readonly SourceResourceArn?: string;
  readonly BackupVaultArn?: string;
  readonly CreatedResourceArn?: string;
  readonly IamRoleArn: string;
  readonly CreationDate: number;
  readonly CompletionDate?: number;
  readonly CreatedBy?: { readonly RestoreTestingPlanArn: string };
  ValidationStatus?: string;
  ValidationStatusMessage?: string;
}

/** One call as the fake saw it. */
export interface BackupCall {
  readonly operation: 'DescribeRestoreJob' | 'PutRestoreValidationResult';
  readonly restoreJobId: string;
  readonly body?: { ValidationStatus?: string; ValidationStatusMessage?: string };
}

/** An error the next calls of an operation answer with (the service's error code and HTTP status). */
export interface Fault {
  readonly operation: BackupCall['operation'];
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** How many calls fail before the operation works again. @default Infinity */
  times?: number;
}

const VALIDATION_STATUSES = new Set(['FAILED', 'SUCCESSFUL', 'TIMED_OUT', 'VALIDATING']);

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class BackupFake extends LoopbackFake {
  private readonly jobs = new Map<string, FakeRestoreJob>();
  private readonly faults: Fault[] = [];
  readonly calls: BackupCall[] = [];

  addJob(job: FakeRestoreJob): void {
    this.jobs.set(job.RestoreJobId, job);
  }

  job(id: string): FakeRestoreJob | undefined {
    return this.jobs.get(id);
  }

  /** Makes the next calls of an operation fail (all of them unless `times` is given). */
  fail(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await requestBody(req);
    const requestId = randomUUID();
    try {
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new ServiceError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const describe = /^\/restore-jobs\/([^/]+)$/.exec(path);
      const validate = /^\/restore-jobs\/([^/]+)\/validations$/.exec(path);
      if (req.method === 'GET' && describe) {
        const job = this.describe(decodeURIComponent(describe[1]!));
        this.send(res, 200, requestId, JSON.stringify(job));
      } else if (req.method === 'PUT' && validate) {
        const body = JSON.parse(raw.toString('utf8') || '{}') as BackupCall['body'];
        this.putValidation(decodeURIComponent(validate[1]!), body ?? {});
        this.send(res, 204, requestId, '');
      } else {
        throw new ServiceError(404, 'UnknownOperationException', `No operation for ${req.method} ${path}`);
      }
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      res.setHeader('x-amzn-ErrorType', err.code);
      this.send(res, err.status, requestId, JSON.stringify({ Code: err.code, Message: err.message }));
    }
  }

  private send(res: ServerResponse, status: number, requestId: string, body: string): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    });
    res.end(body);
  }

  private injectFault(operation: BackupCall['operation']): void {
    const fault = this.faults.find((f) => f.operation === operation && (f.times ?? 1) > 0);
    if (fault === undefined) return;
    if (fault.times !== undefined) fault.times--;
    throw new ServiceError(fault.status, fault.code, fault.message);
  }

  private describe(id: string): FakeRestoreJob {
    this.calls.push({ operation: 'DescribeRestoreJob', restoreJobId: id });
    this.injectFault('DescribeRestoreJob');
    const job = this.jobs.get(id);
    if (job === undefined)
      throw new ServiceError(400, 'ResourceNotFoundException', `Restore job ${id} not found`);
    return job;
  }

  private putValidation(id: string, body: NonNullable<BackupCall['body']>): void {
    this.calls.push({ operation: 'PutRestoreValidationResult', restoreJobId: id, body });
    this.injectFault('PutRestoreValidationResult');
    const job = this.jobs.get(id);
    if (job === undefined)
      throw new ServiceError(400, 'ResourceNotFoundException', `Restore job ${id} not found`);
    if (body.ValidationStatus === undefined || !VALIDATION_STATUSES.has(body.ValidationStatus)) {
      throw new ServiceError(
        400,
        'InvalidParameterValueException',
        `Invalid ValidationStatus ${String(body.ValidationStatus)}`,
      );
    }
    if (job.CreatedBy === undefined || job.Status !== 'COMPLETED') {
      throw new ServiceError(
        400,
        'InvalidRequestException',
        `Restore job ${id} is not a completed restore test`,
      );
    }
    job.ValidationStatus = body.ValidationStatus;
    if (body.ValidationStatusMessage !== undefined)
      job.ValidationStatusMessage = body.ValidationStatusMessage;
  }
}
