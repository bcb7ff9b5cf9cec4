import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Stack, Stage, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';
import { addStockEngines } from '../../compliance/engines';
import { ProductionReadinessChecks } from '../../compliance/production-readiness-pack';
import type { CompliancePolicyInput, ComplianceProfile } from '../../compliance/profile';
import { LOG_RETENTION_DAYS, MAX_ROTATION_DAYS, MIN_PRODUCTION_BACKUP_DAYS } from '../../config';
import { MIN_PRODUCTION_LOG_DAYS } from '../../config/invariants';
import { GATE_CONTEXT } from '../../stages/synthesize';
import { joinAudit } from './join';
import type { AuditFinding, AuditResult } from './model';
import { cdkJsonContext, synthesizeForAudit } from './synth';

/** Stage and stack ids the audited template lives in (construct paths read `Template/Template/...`). */
export const TEMPLATE_STAGE_ID = 'Template';

/**
 * The policy a template is judged by: the same numbers `stagePolicy` derives for a Shipshape stage
 * of that profile, so a foreign template meets exactly the bar our own production stage meets.
 */
export function templatePolicy(profile: ComplianceProfile): CompliancePolicyInput {
  const production = profile === 'production';
  return {
    profile,
    maxRotationDays: MAX_ROTATION_DAYS,
    minBackupRetentionDays: production ? MIN_PRODUCTION_BACKUP_DAYS : 1,
    logRetentionDays: {
      min: production ? MIN_PRODUCTION_LOG_DAYS : LOG_RETENTION_DAYS[0],
      max: LOG_RETENTION_DAYS[LOG_RETENTION_DAYS.length - 1]!,
    },
  };
}

const INTRINSICS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Length',
  'ToJsonString',
];

/** The short-form intrinsic tags of CloudFormation YAML (`!Ref`, `!GetAtt`, `!Sub` …) as JSON. */
function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  const fn = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  for (const name of [...INTRINSICS, 'Ref', 'Condition', 'GetAtt']) {
    const key = fn(name);
    const value = (v: unknown) =>
      name === 'GetAtt' && typeof v === 'string'
        ? { [key]: [v.slice(0, v.indexOf('.')), v.slice(v.indexOf('.') + 1)] }
        : { [key]: v };
    tags.push({ tag: `!${name}`, resolve: (v: string) => value(v) } as ScalarTag);
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag: `!${name}`,
        collection,
        resolve: (v: { toJSON(): unknown }) => value(v.toJSON()),
      } as unknown as CollectionTag);
    }
  }
  return tags;
}

/** Reads a JSON or YAML CloudFormation template into its JSON form. */
export function loadTemplate(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return JSON.parse(text) as Record<string, unknown>;
  return parse(text, { customTags: cloudFormationTags(), merge: false, uniqueKeys: true }) as Record<
    string,
    unknown
  >;
}

/** Line (1-based) where a resource's logical id is declared in the template text. */
export function logicalIdLine(text: string, logicalId: string): number | undefined {
  const escaped = logicalId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lines = text.split('\n');
  const pattern = new RegExp(`^\\s*(?:"${escaped}"|'${escaped}'|${escaped})\\s*:`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? undefined : index + 1;
}

/**
 * Runs every engine on a CloudFormation template Shipshape did not create: the template is loaded
 * into a fresh app with `CfnInclude`, inside a Stage so the ProductionReadiness pack judges it with
 * the given profile, and reported like the app.
 */
export function auditTemplate(options: {
  readonly file: string;
  readonly profile: ComplianceProfile;
  readonly root: string;
  readonly outdir: string;
  readonly today?: Date;
}): AuditResult {
  const today = options.today ?? new Date();
  const text = readFileSync(options.file, 'utf8');
  mkdirSync(options.outdir, { recursive: true });
  // CfnInclude reads a file; a YAML template is handed over as the JSON `yaml` parsed it to.
  const json = join(options.outdir, `input-${basename(options.file, extname(options.file))}.json`);
  writeFileSync(json, JSON.stringify(loadTemplate(options.file), undefined, 1));
  const synthesis = synthesizeForAudit({
    outdir: join(options.outdir, 'cdk.out'),
    context: cdkJsonContext(options.root),
    postCliContext: { ...GATE_CONTEXT },
    build: (app) => {
      addStockEngines(app);
      const stage = new Stage(app, TEMPLATE_STAGE_ID);
      const stack = new Stack(stage, TEMPLATE_STAGE_ID);
      new CfnInclude(stack, 'Template', { templateFile: json });
      Validations.of(stage).addPlugins(
        new ProductionReadinessChecks(stage, templatePolicy(options.profile), { within: stage }),
      );
      return [stage];
    },
  });
  const locate = (f: AuditFinding): AuditFinding => {
    const line = f.logicalId ? logicalIdLine(text, f.logicalId) : undefined;
    const logicalId = f.logicalId ?? f.constructPath.split('/')[3];
    const fromId = logicalId ? logicalIdLine(text, logicalId) : undefined;
    const at = line ?? fromId;
    return at === undefined
      ? f
      : { ...f, ...(logicalId ? { logicalId } : {}), location: { file: options.file, line: at } };
  };
  return joinAudit({
    synthesis,
    mode: 'template',
    root: options.root,
    configured: new Map(),
    today,
    template: options.file,
    profile: options.profile,
    locate,
  });
}
