import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import {
  type Acknowledgement,
  AcknowledgementError,
  acknowledgementsFor,
  applyAcknowledgements,
} from '../../lib/compliance/acknowledgements';
import { relaxationAcknowledgements } from '../../lib/compliance/acknowledgements/relaxations';
import { PRODUCTION_READINESS_RULES } from '../../lib/compliance/pack/rule-specs';
import type { ShipshapeConfig } from '../../lib/config';
import { readSynthRecord } from '../../lib/stages/synth-record';
import { stageId } from '../../lib/stages/stage-ids';
import { readyAssembly } from '../support/assembly';
import { CONFIGS } from '../support/synth';

/** The run's shared cloud assembly (waits for the background synthesis). */
const ASSEMBLY_DIR = readyAssembly();

// What the real app applied to every committed stage, as its synth recorded it.
const applied = readSynthRecord(ASSEMBLY_DIR)!.acknowledgements;
const ENVIRONMENTS = Object.keys(CONFIGS);

const REASON = 'The bucket exists only in this test stage; nothing reads or writes it, ever.';

/** A stage with one stack, "Data", holding one bucket at Data/Bucket/Resource. */
function tinyStage(): { stage: Stage; bucket: s3.Bucket } {
  const stage = new Stage(new App(), 'Tiny', { env: { account: '111111111111', region: 'eu-west-1' } });
  const stack = new Stack(stage, 'Data');
  return { stage, bucket: new s3.Bucket(stack, 'Bucket') };
}

/** Applies exactly `acks` (instead of the config's) to a stage. */
function apply(stage: Stage, acks: Acknowledgement[], today?: Date): void {
  applyAcknowledgements(stage, acks, today);
}

function acknowledgedIds(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as Record<string, string>));
}

describe('applyAcknowledgements refuses what would hide findings silently', () => {
  test('control: an acknowledgement of an existing construct is recorded on that construct', () => {
    const { stage, bucket } = tinyStage();
    apply(stage, [{ id: 'AwsSolutions-S1', scope: 'Data/Bucket/Resource', reason: REASON }]);
    const cfnBucket = bucket.node.defaultChild!;
    expect(acknowledgedIds(cfnBucket).join(' ')).toContain('AwsSolutions-S1');
  });

  test('a stale acknowledgement (no construct at its scope) throws, naming the path', () => {
    const { stage } = tinyStage();
    expect(() =>
      apply(stage, [{ id: 'AwsSolutions-S1', scope: 'Data/Gone/Resource', reason: REASON }]),
    ).toThrow(AcknowledgementError);
    expect(() =>
      apply(stage, [{ id: 'AwsSolutions-S1', scope: 'Data/Gone/Resource', reason: REASON }]),
    ).toThrow('acknowledgement AwsSolutions-S1: no construct at Tiny/Data/Gone/Resource; remove or fix it');
  });

  test('an expired acknowledgement throws, even on a construct that exists', () => {
    const ack = {
      id: 'AwsSolutions-S1',
      scope: 'Data/Bucket/Resource',
      reason: REASON,
      expires: '2030-06-30',
    };
    expect(() => apply(tinyStage().stage, [ack], new Date('2030-07-01'))).toThrow(AcknowledgementError);
    expect(() => apply(tinyStage().stage, [ack], new Date('2030-07-01'))).toThrow(
      /AwsSolutions-S1 on Data\/Bucket\/Resource expired on 2030-06-30/,
    );
    // Before its date it applies like any other.
    expect(() => apply(tinyStage().stage, [ack], new Date('2030-06-01'))).not.toThrow();
    // And with the real clock, a date in the past has expired.
    expect(() => apply(tinyStage().stage, [{ ...ack, expires: '2000-01-01' }])).toThrow(
      /expired on 2000-01-01/,
    );
  });

  test('a stack-wide acknowledgement throws; a stage-wide one names no construct and throws too', () => {
    const { stage } = tinyStage();
    expect(() => apply(stage, [{ id: 'AwsSolutions-S1', scope: 'Data', reason: REASON }])).toThrow(
      /AwsSolutions-S1 on Data: stack-wide acknowledgements are not allowed/,
    );
    expect(() => apply(stage, [{ id: 'AwsSolutions-S1', scope: '', reason: REASON }])).toThrow(
      AcknowledgementError,
    );
  });
});

/** Rule ids each engine actually defines, read from the installed engines. */
const ENGINE_RULES = (() => {
  const nagPacks = join(dirname(require.resolve('cdk-nag')), 'packs');
  const pack = (file: string) => readFileSync(join(nagPacks, file), 'utf8');
  const guardRoot = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules');
  const guardRules = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.guard')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^rule ([a-z0-9_]+)/gm)) guardRules.add(m[1]!);
      }
    }
  };
  walk(guardRoot);
  return {
    AwsSolutions: pack('aws-solutions.js'),
    'HIPAA.Security': pack('hipaa-security.js'),
    'NIST.800.53.R5': pack('nist-800-53-r5.js'),
    'PCI.DSS.321': pack('pci-dss-321.js'),
    guardRules,
  };
})();

/** True when the engine named by the id's prefix defines the rule. */
function engineDefines(id: string): boolean {
  if (id.startsWith('ProductionReadiness-')) return PRODUCTION_READINESS_RULES.some((r) => r.ruleId === id);
  const guard = /^cdk-validator-cfnguard::([a-z0-9_]+)$/.exec(id);
  if (guard) return ENGINE_RULES.guardRules.has(guard[1]!);
  const nag = /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-([A-Za-z0-9]+)(\[.+\])?$/.exec(
    id,
  );
  if (!nag) return false;
  const source = ENGINE_RULES[nag[1] as 'AwsSolutions'];
  const rule = nag[2]!;
  // A pack names a rule by its suffix override, or by the rule function's name.
  return (
    source.includes(`ruleSuffixOverride: '${rule}'`) || new RegExp(`rule: [a-z0-9_]+\\.${rule},`).test(source)
  );
}

describe('the engine-id check itself', () => {
  test('knows real rules of every engine and refuses invented ones', () => {
    for (const id of [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/X]',
      'AwsSolutions-SMG4',
      'HIPAA.Security-IAMNoInlinePolicy',
      'NIST.800.53.R5-LambdaDLQ',
      'PCI.DSS.321-IAMNoInlinePolicy',
      'cdk-validator-cfnguard::lambda_inside_vpc_check',
      'ProductionReadiness-ElastiCacheRBAC',
    ]) {
      expect({ id, defined: engineDefines(id) }).toEqual({ id, defined: true });
    }
    for (const id of [
      'AwsSolutions-NOPE1',
      'HIPAA.Security-NoSuchRule',
      'PCI.DSS.321-LambdaDLQ', // a HIPAA/NIST rule the PCI pack does not have
      'cdk-validator-cfnguard::no_such_check',
      'ProductionReadiness-NoSuchRule',
      'Custom-Thing',
    ]) {
      expect({ id, defined: engineDefines(id) }).toEqual({ id, defined: false });
    }
  });
});

describe.each(ENVIRONMENTS)('acknowledgements of the committed %s stage', (env) => {
  const acks = acknowledgementsFor(CONFIGS[env]!);

  test('there are some, and no two say the same thing', () => {
    expect(acks.length).toBeGreaterThan(0);
    const keys = acks.map((a) => `${a.id} @ ${a.scope}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  // Each test lists the offenders, so a failure names every acknowledgement to fix.
  test('every reason is a sentence of at least 40 characters', () => {
    const sentence = /^[A-Za-z`].*[.!)]$/s;
    const bad = acks
      .filter(
        ({ reason }) =>
          reason.length < 40 ||
          !sentence.test(reason) ||
          reason.trim().split(/\s+/).length < 6 ||
          /\b(TODO|FIXME|TBD|XXX)\b/.test(reason),
      )
      .map(({ id, scope, reason }) => `${id} @ ${scope}: "${reason}"`);
    expect(bad).toEqual([]);
  });

  test('every id is a real rule of the engine it names', () => {
    const shape =
      /^(AwsSolutions-[A-Z0-9]+(\[.+\])?|HIPAA\.Security-[A-Za-z0-9]+|NIST\.800\.53\.R5-[A-Za-z0-9]+|PCI\.DSS\.321-[A-Za-z0-9]+|cdk-validator-cfnguard::[a-z0-9_]+|ProductionReadiness-[A-Za-z0-9]+)$/;
    expect(acks.filter(({ id }) => !shape.test(id)).map(({ id }) => id)).toEqual([]);
    expect(acks.filter(({ id }) => !engineDefines(id)).map(({ id }) => id)).toEqual([]);
  });

  test('every scope names one construct of the synthesized stage, never a stack or the stage', () => {
    const at = (id: string, scope: string) =>
      applied.find((a) => a.id === id && a.path === `${stageId(env)}/${scope}`);
    const bad = acks
      .filter(({ id, scope }) => at(id, scope)?.attachedTo !== 'construct')
      .map(({ id, scope }) => `${id} @ ${scope}`);
    expect(bad).toEqual([]);
  });

  test('none has expired', () => {
    const now = Date.now();
    expect(acks.filter((a) => a.expires !== undefined && new Date(a.expires).getTime() <= now)).toEqual([]);
  });
});

describe.each(ENVIRONMENTS)('acknowledgements the constructs of the committed %s stage hold', (env) => {
  // Recorded in the synthesized tree without an entry of the config list: source `construct`.
  const held = applied.filter((a) => a.source === 'construct' && a.path.startsWith(`${stageId(env)}/`));
  // aws-cdk-lib acknowledges findings of the CloudFormation validator in its own constructs.
  const onConstructs = held.filter(
    (a) => a.attachedTo === 'construct' && !a.id.startsWith('CloudFormation-Validate::'),
  );

  test('there are some, most of the stage, and none expires', () => {
    expect(onConstructs.length).toBeGreaterThan(acknowledgementsFor(CONFIGS[env]!).length);
    expect(held.filter((a) => a.expires !== undefined)).toEqual([]);
  });

  test('they include what the network, data tier and service build (control)', () => {
    const stage = stageId(env);
    for (const [id, path] of [
      ['PCI.DSS.321-VPCNoUnrestrictedRouteToIGW', 'Network/Network/Vpc/PublicSubnet1/DefaultRoute'],
      ['AwsSolutions-AEC6', 'Data/Cache/ReplicationGroup'],
      ['AwsSolutions-ECS2', 'Service/Api/Api/TaskDefinition/Resource'],
      ['cdk-validator-cfnguard::s3_bucket_logging_enabled_check', 'Monitoring/AccessLogs/Bucket/Resource'],
    ] as const) {
      expect(onConstructs.map((a) => `${a.id} @ ${a.path}`)).toContain(`${id} @ ${stage}/${path}`);
    }
  });

  test('every reason is a sentence of at least 40 characters', () => {
    const sentence = /^[A-Za-z`].*[.!)]$/s;
    const bad = onConstructs
      .filter(({ reason }) => reason.length < 40 || !sentence.test(reason) || reason.split(/\s+/).length < 6)
      .map(({ id, path, reason }) => `${id} @ ${path}: "${reason}"`);
    expect(bad).toEqual([]);
  });

  test('every id is a real rule of the engine it names', () => {
    expect(
      onConstructs.filter(({ id }) => !engineDefines(id)).map(({ id, path }) => `${id} @ ${path}`),
    ).toEqual([]);
  });
});

describe('relaxations never reach production', () => {
  const prod = CONFIGS.prod!;

  test('the production config gets no relaxation, and its list holds none of them', () => {
    expect(prod.stage.production).toBe(true);
    expect(relaxationAcknowledgements(prod)).toEqual([]);
    // The same config, relaxed as far as relaxations go and marked non-production: these are the
    // relaxations that exist. Production acknowledges none of them.
    const relaxed: ShipshapeConfig = {
      ...prod,
      stage: { ...prod.stage, production: false },
      database: { ...prod.database, multiAz: false, deletionProtection: false, backupRetentionDays: 1 },
      cache: { ...prod.cache, multiAz: false },
      retention: { ...prod.retention, logDays: 30 },
    };
    const relaxations = relaxationAcknowledgements(relaxed);
    expect(relaxations.length).toBeGreaterThan(0);
    const prodKeys = new Set(acknowledgementsFor(prod).map((a) => `${a.id} @ ${a.scope}`));
    for (const r of relaxations) expect(prodKeys.has(`${r.id} @ ${r.scope}`)).toBe(false);
  });

  test('the production guard is in the code, not only in config validation', () => {
    // A production config that somehow relaxes (validation refuses it) still gets no relaxation.
    const sneaky: ShipshapeConfig = {
      ...prod,
      database: { ...prod.database, multiAz: false, deletionProtection: false, backupRetentionDays: 1 },
      cache: { ...prod.cache, multiAz: false },
      retention: { ...prod.retention, logDays: 30 },
    };
    expect(relaxationAcknowledgements(sneaky)).toEqual([]);
  });

  test('control: dev does relax, and its stage carries those acknowledgements', () => {
    const dev = relaxationAcknowledgements(CONFIGS.dev!);
    expect(dev.map((a) => a.id)).toEqual(
      expect.arrayContaining(['AwsSolutions-RDS3', 'AwsSolutions-RDS10', 'AwsSolutions-AEC4']),
    );
    const devKeys = new Set(acknowledgementsFor(CONFIGS.dev!).map((a) => `${a.id} @ ${a.scope}`));
    for (const r of dev) expect(devKeys.has(`${r.id} @ ${r.scope}`)).toBe(true);
  });
});
