import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { environments } from '../../config';
import { type Acknowledgement, applyAcknowledgements } from '../../lib/compliance/acknowledgements';
import { validateConfigs } from '../../lib/config';
import {
  expiredAcknowledgements,
  madeByAwsCdkLib,
  recordedAcknowledgements,
  WIDE_ACKNOWLEDGEMENT_EXCEPTIONS,
  wideAcknowledgements,
} from '../../lib/ops/audit/acknowledgements';
import { joinAudit } from '../../lib/ops/audit/join';
import { synthesizeForAudit } from '../../lib/ops/audit/synth';
import { addStages } from '../../lib/stages/shipshape-app';
import { CDK_CONTEXT } from '../support/synth';

const ROOT = join(__dirname, '../..');
const TODAY = new Date('2026-06-01T00:00:00Z');

/** An acknowledgement of the bucket's AwsSolutions-S1 finding, as the stage's list would hold it. */
const bucketAck = (scope: string, expires?: string): Acknowledgement => ({
  id: 'AwsSolutions-S1',
  scope,
  reason: 'a bucket-level reason for the test',
  ...(expires ? { expires } : {}),
});

/**
 * A small app (one engine, no built-in validator: seconds, not a minute) with three buckets that
 * break AwsSolutions-S1 (and S10): two acknowledged through applyAcknowledgements as a stage's list
 * is, one expired by TODAY and one not (both valid when applied), one acknowledged by the construct
 * inline; plus acknowledgements attached to a Stack, a Stage and the App that the audit must refuse.
 */
const synthesis = synthesizeForAudit({
  outdir: mkdtempSync(join(tmpdir(), 'shipshape-audit-acks-')),
  context: CDK_CONTEXT,
  builtinValidation: false,
  build: (app: App) => {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    const stage = new Stage(app, 'Dev');
    const stack = new Stack(stage, 'Data');
    new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    new s3.Bucket(stack, 'Kept', { enforceSSL: true });
    const inline = new s3.Bucket(stack, 'Inline', { enforceSSL: true });
    applyAcknowledgements(
      stage,
      [bucketAck('Data/Bucket', '2026-05-31'), bucketAck('Data/Kept', '2026-12-31')],
      new Date('2026-05-01T00:00:00Z'),
    );
    Validations.of(inline).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'the construct acknowledges its own',
    });
    Validations.of(stack).acknowledge({ id: 'AwsSolutions-S10', reason: 'stack-wide: refused' });
    Validations.of(stage).acknowledge({ id: 'AwsSolutions-IAM4', reason: 'stage-wide: refused' });
    Validations.of(app).acknowledge({ id: 'AwsSolutions-IAM5', reason: 'app-wide: refused' });
    return [stage];
  },
});

const result = joinAudit({ synthesis, mode: 'app', root: ROOT, today: TODAY });

describe('the audit reads the acknowledgements applied in the tree, with their expiry', () => {
  test('an acknowledgement past its recorded expiry is a failure reason, naming id, scope and date', () => {
    expect(result.expired).toEqual([
      { id: 'AwsSolutions-S1', scope: 'Data/Bucket', stage: 'Dev', expires: '2026-05-31' },
    ]);
    expect(result.verdict.pass).toBe(false);
    expect(result.verdict.reasons).toContain(
      'acknowledgement AwsSolutions-S1 on Dev/Data/Bucket expired on 2026-05-31',
    );
  });

  test('one still valid is not, and is reported with its expiry and the finding it matched', () => {
    expect(result.acknowledgements).toContainEqual(
      expect.objectContaining({
        id: 'AwsSolutions-S1',
        path: 'Dev/Data/Kept',
        source: 'config',
        expires: '2026-12-31',
        matched: 1,
      }),
    );
  });

  test("a construct's own acknowledgement is source construct, without expiry", () => {
    const inline = result.acknowledgements.find((a) => a.path === 'Dev/Data/Inline');
    expect(inline).toMatchObject({ id: 'AwsSolutions-S1', source: 'construct', matched: 1 });
    expect(inline?.expires).toBeUndefined();
  });

  test('an unreadable expiry date counts as expired', () => {
    const recorded = {
      id: 'AwsSolutions-S1',
      path: 'Dev/Data/Bucket',
      reason: 'r',
      attachedTo: 'construct',
      source: 'config',
      expires: 'someday',
    } as const;
    expect(expiredAcknowledgements([recorded], TODAY)).toHaveLength(1);
  });
});

describe('stage-, stack- and app-wide acknowledgements are refused', () => {
  test('each is found on the construct it is attached to, and fails the audit', () => {
    expect(result.wide.map((w) => [w.attachedTo, w.path, w.id])).toEqual([
      ['app', '', 'AwsSolutions-IAM5'],
      ['stage', 'Dev', 'AwsSolutions-IAM4'],
      ['stack', 'Dev/Data', 'AwsSolutions-S10'],
    ]);
    expect(result.verdict.pass).toBe(false);
    expect(result.verdict.reasons).toContain(
      'acknowledgement AwsSolutions-S10 is attached to the stack Dev/Data: name a construct',
    );
  });

  test('a construct-level acknowledgement is counted with the finding it hides (cdk-nag drops it)', () => {
    expect(result.acknowledgedFindings).toContainEqual(
      expect.objectContaining({
        engine: 'AwsSolutions',
        ruleId: 'AwsSolutions-S1',
        constructPath: 'Dev/Data/Bucket/Resource',
        acknowledgement: {
          id: 'AwsSolutions-S1',
          at: 'Dev/Data/Bucket',
          reason: 'a bucket-level reason for the test',
        },
      }),
    );
    expect(result.findings.find((f) => f.ruleId === 'AwsSolutions-S1')).toBeUndefined();
  });

  test('only the listed exceptions pass, each with a reason', () => {
    for (const e of WIDE_ACKNOWLEDGEMENT_EXCEPTIONS) expect(e.reason.length).toBeGreaterThan(40);
    const cdkOwn = {
      id: 'CloudFormation-Validate::W3010',
      path: 'Prod/Network',
      reason: 'by aws-cdk-lib',
      attachedTo: 'stack' as const,
      source: 'construct' as const,
    };
    expect(wideAcknowledgements([cdkOwn])).toEqual([]);
    expect(wideAcknowledgements([{ ...cdkOwn, attachedTo: 'stage', path: 'Prod' }])).toHaveLength(1);
    expect(wideAcknowledgements([{ ...cdkOwn, id: 'AwsSolutions-IAM5' }])).toHaveLength(1);
  });
});

describe('the real app', () => {
  // Acknowledgements are recorded while constructs are built: building the app is enough (no
  // synth, no validation), so this scan of the construct tree costs the bundling only. (Skipping
  // bundling is not an option: the canary checks its staged script exists.) Each acknowledge call
  // is traced on the way, to see whose code made it.
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'shipshape-audit-tree-')), context: CDK_CONTEXT });
  const callers: { id: string; frames: string[] }[] = [];
  const acknowledge = Validations.prototype.acknowledge;
  Validations.prototype.acknowledge = function (this: Validations, ...rules) {
    const frames = (new Error().stack ?? '').split('\n').slice(2);
    for (const rule of rules) callers.push({ id: rule.id, frames });
    return acknowledge.apply(this, rules);
  };
  try {
    addStages(app, validateConfigs(environments), { engines: false });
  } finally {
    Validations.prototype.acknowledge = acknowledge;
  }
  const recorded = recordedAcknowledgements(app);
  /** Whether the call was made in aws-cdk-lib (its first frame outside Validations is there). */
  const byAwsCdkLib = (c: { frames: string[] }) => /node_modules\/aws-cdk-lib\//.test(c.frames[0] ?? '');

  test("madeByAwsCdkLib's premise: every CloudFormation-Validate acknowledgement is made by aws-cdk-lib", () => {
    const validator = callers.filter(madeByAwsCdkLib);
    expect(validator.length).toBeGreaterThan(0);
    expect(validator.filter((c) => !byAwsCdkLib(c)).map((c) => `${c.id} from ${c.frames[0]}`)).toEqual([]);
    // Control: the trace tells the project's own calls apart.
    const project = callers.filter((c) => !byAwsCdkLib(c));
    expect(project.length).toBeGreaterThan(50);
    expect(project.every((c) => c.frames[0]!.includes(`${ROOT}/lib/`))).toBe(true);
  });

  test('has acknowledgements, and none on a Stage, a Stack or the App outside the exceptions', () => {
    expect(recorded.length).toBeGreaterThan(50);
    expect(wideAcknowledgements(recorded)).toEqual([]);
  });

  test('every acknowledgement carries a reason a reviewer can read', () => {
    const short = recorded.filter((a) => a.reason.trim().length < 30);
    expect(short).toEqual([]);
  });

  test('the stage lists are applied and recorded as such, and none is expired today', () => {
    expect(recorded.some((a) => a.source === 'config')).toBe(true);
    expect(expiredAcknowledgements(recorded, new Date())).toEqual([]);
  });
});
