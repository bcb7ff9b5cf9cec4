import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, FaultPlan } from './fault-plan';
import { LoopbackFake, requestBody } from './loopback-fake';

/**
 * A local Secrets Manager speaking the real AWS JSON 1.1 protocol (POST /, X-Amz-Target
 * `secretsmanager.<Op>`, `__type` errors with status 400), so the real SDK v3 client works against
 * it via AWS_ENDPOINT_URL_SECRETS_MANAGER. It models versions and staging labels the way the
 * service documents them; `rotate()` plays the service's part of a rotation.
 */

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const PREVIOUS = 'AWSPREVIOUS';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

export interface FakeVersion {
  readonly versionId: string;
  /** Undefined for the valueless AWSPENDING placeholder RotateSecret creates. */
  value: string | undefined;
  stages: string[];
  readonly createdAt: number;
}

interface FakeSecret {
  readonly name: string;
  readonly arn: string;
  rotationEnabled: boolean;
  readonly versions: Map<string, FakeVersion>;
  lastRotatedAt?: number;
}

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export type RotationStepName = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
export const STEPS: readonly RotationStepName[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

export interface RotationLambdaEvent {
  Step: RotationStepName;
  SecretId: string;
  ClientRequestToken: string;
  RotationToken: string;
}

/** The EventBridge event CloudTrail delivers when a rotation succeeds. */
export interface RotationSucceededEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'AWS Service Event via CloudTrail';
  readonly source: 'aws.secretsmanager';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: {
    readonly eventSource: 'secretsmanager.amazonaws.com';
    readonly eventName: 'RotationSucceeded';
    readonly eventType: 'AwsServiceEvent';
    readonly additionalEventData: { readonly SecretId: string };
  };
}

export interface RotateOptions {
  /** Defaults to a fresh UUID, as RotateSecret does. */
  readonly token?: string;
  /** Whole-sequence attempts with the same token (Secrets Manager retries failed rotations). */
  readonly attempts?: number;
  /** Runs after a step succeeded (operator actions mid-rotation). */
  readonly afterStep?: (step: RotationStepName, attempt: number) => Promise<void> | void;
}

export interface RotateResult {
  readonly token: string;
  readonly attempts: number;
  /** Error names of failed attempts, in order. */
  readonly failures: string[];
}

type Json = Record<string, unknown>;

export class SecretsManagerFake extends LoopbackFake {
  private readonly secrets = new Map<string, FakeSecret>();
  /** Every value ever stored, for the tests' "no secret value in any log" check. */
  readonly valuesEverStored = new Set<string>();
  readonly rotationSucceededEvents: RotationSucceededEvent[] = [];
  rotationLambda: ((event: RotationLambdaEvent) => Promise<unknown>) | undefined;

  constructor(readonly faults: FaultPlan = new FaultPlan()) {
    super();
  }

  // ---- direct (non-HTTP) seeding and inspection for tests ----

  /** Creates a secret with one AWSCURRENT version, as CloudFormation's GenerateSecretString would. */
  seed(name: string, value: string, opts: { rotationEnabled?: boolean } = {}): string {
    const out = this.createSecret({ Name: name, SecretString: value, ClientRequestToken: randomUUID() });
    this.lookup(name).rotationEnabled = opts.rotationEnabled ?? true;
    return out.ARN as string;
  }

  setRotationEnabled(secretId: string, enabled: boolean): void {
    this.lookup(secretId).rotationEnabled = enabled;
  }

  /** An operator's PutSecretValue with default stages: a new version becomes AWSCURRENT. */
  operatorPut(secretId: string, value: string): string {
    const out = this.putSecretValue({
      SecretId: secretId,
      SecretString: value,
      ClientRequestToken: randomUUID(),
    });
    return out.VersionId as string;
  }

  /** Versions with their labels and values (including deprecated, label-less ones). */
  versions(secretId: string): FakeVersion[] {
    return [...this.lookup(secretId).versions.values()].map((v) => ({ ...v, stages: [...v.stages] }));
  }

  /** The version holding `stage`, if any. */
  versionWith(secretId: string, stage: string): FakeVersion | undefined {
    return this.versions(secretId).find((v) => v.stages.includes(stage));
  }

  valueAt(secretId: string, stage: string): string | undefined {
    return this.versionWith(secretId, stage)?.value;
  }

  /**
   * What RotateSecret does before invoking the Lambda: refuse while a previous rotation is not
   * complete (AWSPENDING on a version that is not AWSCURRENT and is not this token), else create
   * the valueless AWSPENDING version whose id is the token (or keep it, on a retry).
   */
  startRotation(secretId: string, token: string): void {
    const secret = this.lookup(secretId);
    if (!secret.rotationEnabled) {
      throw new AwsError('InvalidRequestException', 'Rotation is not configured for this secret.');
    }
    const pending = [...secret.versions.values()].find((v) => v.stages.includes(PENDING));
    if (pending && pending.versionId !== token && !pending.stages.includes(CURRENT)) {
      throw new AwsError(
        'InvalidRequestException',
        "A previous rotation isn't complete. That rotation will be reattempted.",
      );
    }
    const existing = secret.versions.get(token);
    if (existing?.stages.includes(CURRENT)) return;
    if (existing === undefined) {
      secret.versions.set(token, { versionId: token, value: undefined, stages: [], createdAt: Date.now() });
    }
    this.moveStage(secret, PENDING, token);
  }

  /**
   * Plays Secrets Manager's part of RotateSecret: placeholder, then the four steps in order, the
   * whole sequence retried with the same token up to `attempts` times. Resolves when a sequence
   * completes, rejects with the last error otherwise. Records a RotationSucceeded event.
   */
  async rotate(secretId: string, opts: RotateOptions = {}): Promise<RotateResult> {
    const lambda = this.rotationLambda;
    if (lambda === undefined) throw new Error('SecretsManagerFake.rotationLambda is not set');
    const token = opts.token ?? randomUUID();
    const attempts = opts.attempts ?? 1;
    const failures: string[] = [];
    const rotationToken = randomUUID();
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) this.faults.recover();
      try {
        this.startRotation(secretId, token);
        for (const step of STEPS) {
          await lambda({
            Step: step,
            SecretId: this.lookup(secretId).arn,
            ClientRequestToken: token,
            RotationToken: rotationToken,
          });
          await opts.afterStep?.(step, attempt);
        }
        const secret = this.lookup(secretId);
        secret.lastRotatedAt = Date.now();
        this.rotationSucceededEvents.push(rotationSucceededEvent(secret.arn));
        this.faults.reset();
        return { token, attempts: attempt, failures };
      } catch (err) {
        lastError = err;
        failures.push((err as Error).name);
      }
    }
    this.faults.reset();
    throw lastError;
  }

  // ---- HTTP ----

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestText = (await requestBody(req)).toString('utf8');
    const target = req.headers['x-amz-target'];
    const operation =
      typeof target === 'string' && target.startsWith('secretsmanager.') ? target.slice(15) : '';
    if (this.faults.isDown) {
      dropConnection(res);
      return;
    }
    await this.faults.admit(operation);
    let status = 200;
    let body: Json;
    try {
      if (req.method !== 'POST' || req.url !== '/')
        throw new AwsError('UnknownOperationException', 'Use POST /');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
        throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      }
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
        throw new AwsError('SerializationException', 'Expected Content-Type application/x-amz-json-1.1');
      }
      let input: Json;
      try {
        input = JSON.parse(requestText || '{}') as Json;
      } catch {
        throw new AwsError('SerializationException', 'Request body is not JSON');
      }
      body = this.dispatch(operation, input);
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      status = err.status;
      body = { __type: err.type, message: err.message };
    }
    if (this.faults.recordAndCheckCrash({ service: 'secretsmanager', operation })) {
      dropConnection(res);
      return;
    }
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(payload),
      'x-amzn-requestid': randomUUID(),
    });
    res.end(payload);
  }

  private dispatch(operation: string, input: Json): Json {
    switch (operation) {
      case 'CreateSecret':
        return this.createSecret(input);
      case 'DescribeSecret':
        return this.describeSecret(input);
      case 'GetSecretValue':
        return this.getSecretValue(input);
      case 'PutSecretValue':
        return this.putSecretValue(input);
      case 'UpdateSecretVersionStage':
        return this.updateSecretVersionStage(input);
      case 'ListSecretVersionIds':
        return this.listSecretVersionIds(input);
      default:
        throw new AwsError(
          'UnknownOperationException',
          `Operation ${operation || '(none)'} is not supported`,
        );
    }
  }

  // ---- operations ----

  private createSecret(input: Json): Json {
    const name = requireString(input, 'Name');
    if (this.secrets.has(name)) {
      throw new AwsError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const value = optionalString(input, 'SecretString');
    const token = optionalString(input, 'ClientRequestToken') ?? randomUUID();
    checkToken(token);
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${randomBytes(3).toString('hex')}`;
    const secret: FakeSecret = { name, arn, rotationEnabled: false, versions: new Map() };
    this.secrets.set(name, secret);
    if (value !== undefined) {
      this.remember(value);
      secret.versions.set(token, { versionId: token, value, stages: [CURRENT], createdAt: Date.now() });
    }
    return { ARN: arn, Name: name, ...(value !== undefined ? { VersionId: token } : {}) };
  }

  private describeSecret(input: Json): Json {
    const secret = this.lookup(requireString(input, 'SecretId'));
    const versionIdsToStages: Record<string, string[]> = {};
    for (const v of secret.versions.values())
      if (v.stages.length > 0) versionIdsToStages[v.versionId] = [...v.stages];
    return {
      ARN: secret.arn,
      Name: secret.name,
      RotationEnabled: secret.rotationEnabled,
      ...(secret.rotationEnabled
        ? { RotationLambdaARN: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:rotate` }
        : {}),
      ...(secret.lastRotatedAt !== undefined ? { LastRotatedDate: secret.lastRotatedAt / 1000 } : {}),
      VersionIdsToStages: versionIdsToStages,
    };
  }

  private listSecretVersionIds(input: Json): Json {
    const secret = this.lookup(requireString(input, 'SecretId'));
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: [...secret.versions.values()]
        .filter((v) => v.stages.length > 0 || input.IncludeDeprecated === true)
        .map((v) => ({
          VersionId: v.versionId,
          VersionStages: [...v.stages],
          CreatedDate: v.createdAt / 1000,
        })),
    };
  }

  private getSecretValue(input: Json): Json {
    const secret = this.lookup(requireString(input, 'SecretId'));
    const versionId = optionalString(input, 'VersionId');
    const stage = optionalString(input, 'VersionStage');
    let version: FakeVersion | undefined;
    if (versionId !== undefined) {
      version = secret.versions.get(versionId);
      // With both given they must agree: the version must carry the label.
      if (version !== undefined && stage !== undefined && !version.stages.includes(stage))
        version = undefined;
    } else {
      const wanted = stage ?? CURRENT;
      version = [...secret.versions.values()].find((v) => v.stages.includes(wanted));
    }
    if (version === undefined || version.value === undefined) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for ${versionId !== undefined ? `VersionId: ${versionId}` : ''}${stage !== undefined ? ` staging label: ${stage}` : ''}`,
      );
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      SecretString: version.value,
      VersionStages: [...version.stages],
      CreatedDate: version.createdAt / 1000,
    };
  }

  private putSecretValue(input: Json): Json {
    const secret = this.lookup(requireString(input, 'SecretId'));
    const value = optionalString(input, 'SecretString');
    if (value === undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary.',
      );
    }
    const token = optionalString(input, 'ClientRequestToken') ?? randomUUID();
    checkToken(token);
    const stages = input.VersionStages === undefined ? [CURRENT] : input.VersionStages;
    if (
      !Array.isArray(stages) ||
      stages.length === 0 ||
      stages.length > 20 ||
      !stages.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 256)
    ) {
      throw new AwsError('InvalidParameterException', 'VersionStages must be 1-20 non-empty strings');
    }
    const existing = secret.versions.get(token);
    if (existing?.value !== undefined) {
      // Idempotent retry with the same value; a different value under the same token is refused.
      if (existing.value !== value) {
        throw new AwsError(
          'ResourceExistsException',
          `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${secret.arn}.`,
        );
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...existing.stages] };
    }
    this.remember(value);
    if (existing === undefined) {
      secret.versions.set(token, { versionId: token, value, stages: [], createdAt: Date.now() });
    } else {
      existing.value = value;
    }
    for (const stage of stages as string[]) this.moveStage(secret, stage, token);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: token,
      VersionStages: [...secret.versions.get(token)!.stages],
    };
  }

  private updateSecretVersionStage(input: Json): Json {
    const secret = this.lookup(requireString(input, 'SecretId'));
    const stage = requireString(input, 'VersionStage');
    const moveTo = optionalString(input, 'MoveToVersionId');
    const removeFrom = optionalString(input, 'RemoveFromVersionId');
    const holder = [...secret.versions.values()].find((v) => v.stages.includes(stage));
    if (moveTo !== undefined && !secret.versions.has(moveTo)) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret version: ${moveTo}`,
      );
    }
    if (removeFrom !== undefined && holder?.versionId !== removeFrom) {
      throw new AwsError(
        'InvalidParameterException',
        `The staging label ${stage} is not attached to the version ${removeFrom}.`,
      );
    }
    if (moveTo === undefined) {
      if (removeFrom === undefined) {
        throw new AwsError(
          'InvalidParameterException',
          'You must specify MoveToVersionId or RemoveFromVersionId.',
        );
      }
      if (stage === CURRENT) {
        throw new AwsError(
          'InvalidParameterException',
          'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
        );
      }
      holder!.stages = holder!.stages.filter((s) => s !== stage);
      return { ARN: secret.arn, Name: secret.name };
    }
    if (holder !== undefined && holder.versionId !== moveTo && removeFrom === undefined) {
      throw new AwsError(
        'InvalidParameterException',
        `The staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    this.moveStage(secret, stage, moveTo);
    return { ARN: secret.arn, Name: secret.name };
  }

  // ---- model ----

  /** Puts `stage` on `versionId`, taking it off its holder; AWSPREVIOUS follows AWSCURRENT. */
  private moveStage(secret: FakeSecret, stage: string, versionId: string): void {
    const target = secret.versions.get(versionId)!;
    if (target.stages.includes(stage)) return;
    const holder = [...secret.versions.values()].find((v) => v.stages.includes(stage));
    if (holder !== undefined) holder.stages = holder.stages.filter((s) => s !== stage);
    target.stages.push(stage);
    if (stage === CURRENT && holder !== undefined) {
      for (const v of secret.versions.values()) v.stages = v.stages.filter((s) => s !== PREVIOUS);
      holder.stages.push(PREVIOUS);
    }
  }

  private lookup(secretId: string): FakeSecret {
    const secret = this.secrets.get(secretId) ?? [...this.secrets.values()].find((s) => s.arn === secretId);
    if (secret === undefined)
      throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  }

  private remember(value: string): void {
    this.valuesEverStored.add(value);
  }
}

function rotationSucceededEvent(arn: string): RotationSucceededEvent {
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.secretsmanager',
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [],
    detail: {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'RotationSucceeded',
      eventType: 'AwsServiceEvent',
      additionalEventData: { SecretId: arn },
    },
  };
}

function requireString(input: Json, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError('InvalidParameterException', `${field} is required and must be a string`);
  }
  return value;
}

function optionalString(input: Json, field: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AwsError('InvalidParameterException', `${field} must be a string`);
  return value;
}

function checkToken(token: string): void {
  if (token.length < 32 || token.length > 64) {
    throw new AwsError('InvalidParameterException', 'ClientRequestToken must be 32-64 characters');
  }
}
