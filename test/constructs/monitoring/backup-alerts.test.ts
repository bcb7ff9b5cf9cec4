import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import type { ValidationOutcome } from '../../../lambda/restore-validation';
import { markdownAnchors } from '../../../lib/compliance/register/markdown-anchors';
import type { ShipshapeConfig } from '../../../lib/config';
import {
  BACKUP_JOB_FAILED_ANCHOR,
  RESTORE_JOB_FAILED_ANCHOR,
  RESTORE_VALIDATION_FAILED_ANCHOR,
} from '../../../lib/constructs/monitoring/backup-alerts';
import { shared as app } from '../../support/assembly';
import {
  ACCOUNT,
  backupJobEvent,
  destinationEvent,
  REGION,
  restoreJobEvent,
} from '../../support/backup-events';
import { matchesPattern, resolveIntrinsics } from '../../support/event-pattern';
import { CONFIGS } from '../../support/synth';

/**
 * The backup alerts as the stages deploy them (Monitoring stack of the shared assembly; no synth
 * here, about a second for the file): each rule's pattern is evaluated against AWS's sample events
 * of the state it alerts on and of COMPLETED, and its message names the job, the resource, the
 * reason and a runbook section that exists.
 */

type Json = Record<string, unknown>;
interface Rule {
  EventPattern: Json;
  Targets: {
    Arn: Json;
    InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
  }[];
}
const ENVS: [string, ShipshapeConfig][] = [
  ['prod', CONFIGS.prod!],
  ['dev', CONFIGS.dev!],
];
const stageName = (env: string) => env.charAt(0).toUpperCase() + env.slice(1);
const VAULT = 'BackupVaultADF21B19-l5nqfXgPx1Jz';
const OTHER_VAULT = 'Default';
const VALIDATOR = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Prod-Monitoring-RestoreValidationValidatorFunc-1A2B3C`;
const OTHER_FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Prod-Monitoring-WebhooksFunction-9Z8Y7X`;
const MONITORING_ANCHORS = markdownAnchors(
  readFileSync(join(__dirname, '../../../docs/monitoring.md'), 'utf8'),
);

/** The rule whose logical id starts with `prefix`, its pattern with the vault and the validator made concrete. */
function rule(template: Template, prefix: string): Rule {
  const found = Object.entries(template.findResources('AWS::Events::Rule')).filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(found).toHaveLength(1);
  const validatorId = Object.keys(template.findResources('AWS::Lambda::Function')).find((id) =>
    id.startsWith('RestoreValidationValidatorFunction'),
  );
  const { EventPattern, Targets } = (found[0]![1] as { Properties: Rule }).Properties;
  const pattern = resolveIntrinsics(EventPattern, (intrinsic) => {
    const text = JSON.stringify(intrinsic);
    if (text.includes('BackupVaultName')) return VAULT;
    if (text === JSON.stringify({ 'Fn::GetAtt': [validatorId, 'Arn'] })) return VALIDATOR;
    return `unresolved:${text}`;
  }) as Json;
  return { EventPattern: pattern, Targets };
}

/** What the validator returns for a job (the destination record's responsePayload). */
function outcome(
  validationStatus: 'SUCCESSFUL' | 'FAILED',
  kind: ValidationOutcome['outcome'] = 'validated',
): ValidationOutcome {
  return {
    restoreJobId: 'AB123456-78C9-0123-456D-789012E34567',
    outcome: kind,
    validationStatus,
    createdResourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:awsbackup-restore-test-1a2bcd34`,
    failedChecks: validationStatus === 'FAILED' ? ['not-public'] : [],
    message:
      validationStatus === 'FAILED'
        ? '1 of 9 checks failed: not-public (publicly accessible: true)'
        : 'All 9 checks passed: available, encrypted, data-key, not-public, subnet-group, engine, major-version, deletable, security-group',
  };
}

describe.each(ENVS)('%s: backup alerts (TEST-06, DB-02, MON-06)', (env, config) => {
  const template = app.template(env, 'Monitoring');

  /** Each rule publishes one text message to the stage's alerts topic, ending with its runbook link. */
  function expectMessage(r: Rule, anchor: string, paths: string[]): void {
    expect(r.Targets).toHaveLength(1);
    const [target] = r.Targets;
    expect(target!.Arn).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        StackName: `${stageName(env)}-Alerts`,
        OutputName: expect.stringMatching(/^PublishOutputRefAlertsTopic/),
      }),
    });
    expect(target).not.toHaveProperty('RoleArn');
    const { InputPathsMap, InputTemplate } = target!.InputTransformer;
    expect(InputTemplate).toMatch(new RegExp(`^"\\[${config.stage.name}\\] `));
    expect(InputTemplate.endsWith(` Runbook: ${config.monitoring.runbookBaseUrl}#${anchor}"`)).toBe(true);
    expect(MONITORING_ANCHORS).toContain(anchor);
    for (const path of paths) {
      const key = Object.entries(InputPathsMap).find(([, p]) => p === path)?.[0];
      expect([path, key !== undefined && InputTemplate.includes(`<${key}>`)]).toEqual([path, true]);
    }
  }

  test('a backup job of the stage vault that FAILED, ABORTED or EXPIRED alerts; COMPLETED and other vaults do not', () => {
    const r = rule(template, 'BackupAlertsBackupJobFailed');
    for (const state of ['FAILED', 'ABORTED', 'EXPIRED'] as const) {
      expect([state, matchesPattern(r.EventPattern, backupJobEvent(state, VAULT))]).toEqual([state, true]);
      expect([state, matchesPattern(r.EventPattern, backupJobEvent(state, OTHER_VAULT))]).toEqual([
        state,
        false,
      ]);
    }
    for (const state of ['COMPLETED', 'RUNNING', 'PENDING', 'CREATED'] as const) {
      expect([state, matchesPattern(r.EventPattern, backupJobEvent(state, VAULT))]).toEqual([state, false]);
    }
    // The job, the resource, the vault and AWS's reason.
    expectMessage(r, BACKUP_JOB_FAILED_ANCHOR, [
      '$.detail.state',
      '$.detail.backupJobId',
      '$.detail.resourceType',
      '$.detail.resourceArn',
      '$.detail.backupVaultName',
      '$.detail.statusMessage',
    ]);
  });

  test('the vault is the data stack’s, which the shared volume’s selection writes to as well', () => {
    const raw = Object.entries(template.findResources('AWS::Events::Rule')).find(([id]) =>
      id.startsWith('BackupAlertsBackupJobFailed'),
    )![1] as { Properties: { EventPattern: { detail: { backupVaultName: unknown } } } };
    expect(raw.Properties.EventPattern.detail.backupVaultName).toEqual([
      {
        'Fn::GetStackOutput': expect.objectContaining({
          StackName: `${stageName(env)}-Data`,
          OutputName: expect.stringMatching(/^PublishOutputFnGetAttBackupVault[0-9A-F]{8}BackupVaultName/),
        }),
      },
    ]);
  });

  test('a restore job (restore tests included) that FAILED or was ABORTED alerts; COMPLETED does not', () => {
    const r = rule(template, 'BackupAlertsRestoreJobFailed');
    const plan = `arn:aws:backup:${REGION}:${ACCOUNT}:restore-testing-plan:shipshape_${env}_restore_test-x`;
    for (const status of ['FAILED', 'ABORTED'] as const) {
      expect([status, matchesPattern(r.EventPattern, restoreJobEvent(status))]).toEqual([status, true]);
      const test = restoreJobEvent(status, { restoreTestingPlanArn: plan });
      expect([status, matchesPattern(r.EventPattern, test)]).toEqual([status, true]);
    }
    for (const status of ['COMPLETED', 'RUNNING', 'PENDING'] as const) {
      expect([status, matchesPattern(r.EventPattern, restoreJobEvent(status))]).toEqual([status, false]);
    }
    // No backup job, whatever its state, is a restore job.
    expect(matchesPattern(r.EventPattern, backupJobEvent('FAILED', VAULT))).toBe(false);
    expectMessage(r, RESTORE_JOB_FAILED_ANCHOR, [
      '$.detail.status',
      '$.detail.restoreJobId',
      '$.detail.resourceType',
      '$.resources',
      '$.detail.statusMessage',
    ]);
  });

  test('a restore test the validator recorded FAILED alerts; SUCCESSFUL, ignored and other functions do not', () => {
    const r = rule(template, 'BackupAlertsRestoreValidationFailed');
    const request = restoreJobEvent('COMPLETED');
    expect(
      matchesPattern(r.EventPattern, destinationEvent('Success', VALIDATOR, request, outcome('FAILED'))),
    ).toBe(true);
    expect(
      matchesPattern(r.EventPattern, destinationEvent('Success', VALIDATOR, request, outcome('SUCCESSFUL'))),
    ).toBe(false);
    // A repeated event finds the job validated already: one alert per FAILED validation.
    const repeated = outcome('FAILED', 'already-validated');
    expect(matchesPattern(r.EventPattern, destinationEvent('Success', VALIDATOR, request, repeated))).toBe(
      false,
    );
    const ignored = {
      restoreJobId: 'X',
      outcome: 'ignored',
      message: 'not created by a restore testing plan',
    };
    expect(matchesPattern(r.EventPattern, destinationEvent('Success', VALIDATOR, request, ignored))).toBe(
      false,
    );
    expect(
      matchesPattern(r.EventPattern, destinationEvent('Success', OTHER_FUNCTION, request, outcome('FAILED'))),
    ).toBe(false);
    expectMessage(r, RESTORE_VALIDATION_FAILED_ANCHOR, [
      '$.detail.responsePayload.restoreJobId',
      '$.detail.responsePayload.createdResourceArn',
      '$.detail.responsePayload.message',
    ]);
  });

  test('a validator that still fails after Lambda’s retries alerts with the job and the error', () => {
    const r = rule(template, 'BackupAlertsRestoreValidationError');
    const request = restoreJobEvent('COMPLETED');
    const error = {
      errorType: 'AccessDenied',
      errorMessage: 'not authorized to perform: rds:DescribeDBInstances',
    };
    expect(matchesPattern(r.EventPattern, destinationEvent('Failure', VALIDATOR, request, error))).toBe(true);
    expect(matchesPattern(r.EventPattern, destinationEvent('Failure', OTHER_FUNCTION, request, error))).toBe(
      false,
    );
    expect(
      matchesPattern(r.EventPattern, destinationEvent('Success', VALIDATOR, request, outcome('SUCCESSFUL'))),
    ).toBe(false);
    expectMessage(r, RESTORE_VALIDATION_FAILED_ANCHOR, [
      '$.detail.requestPayload.detail.restoreJobId',
      '$.detail.requestPayload.detail.createdResourceArn',
      '$.detail.responsePayload.errorType',
      '$.detail.responsePayload.errorMessage',
    ]);
  });

  test('every pattern is concrete once the cross-stack values are (nothing left unresolved)', () => {
    for (const prefix of [
      'BackupAlertsBackupJobFailed',
      'BackupAlertsRestoreJobFailed',
      'BackupAlertsRestoreValidationFailed',
      'BackupAlertsRestoreValidationError',
    ]) {
      expect(JSON.stringify(rule(template, prefix).EventPattern)).not.toContain('unresolved:');
    }
  });
});

describe('the pattern matcher (the subset of EventBridge patterns the rules use)', () => {
  const pattern = { source: ['aws.backup'], detail: { state: ['FAILED', 'EXPIRED'] } };

  test('every field must be present and equal one listed value; arrays in the event match on any element', () => {
    expect(matchesPattern(pattern, { source: 'aws.backup', detail: { state: 'EXPIRED', x: 1 } })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.backup', detail: { state: 'failed' } })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.backup', detail: {} })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.backup' })).toBe(false);
    expect(matchesPattern({ resources: ['b'] }, { resources: ['a', 'b'] })).toBe(true);
    expect(matchesPattern({ resources: ['c'] }, { resources: ['a', 'b'] })).toBe(false);
  });

  test('content filters and operators it does not model are refused, not guessed', () => {
    expect(() =>
      matchesPattern({ detail: { state: [{ prefix: 'FAIL' }] } }, { detail: { state: 'FAILED' } }),
    ).toThrow('not modelled');
    expect(() => matchesPattern({ $or: [] }, {})).toThrow('not modelled');
  });
});
