import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { App, Stage, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { startEnginesEarly } from '../../compliance/engine-prefetch';
import { addStockEngines } from '../../compliance/engines';
import { ProductionReadinessChecks } from '../../compliance/production-readiness-pack';
import type { CompliancePolicyInput, ComplianceProfile } from '../../compliance/profile';
import { LOG_RETENTION_DAYS } from '../../config';
import {
  MAX_ROTATION_DAYS,
  MIN_PRODUCTION_BACKUP_DAYS,
  MIN_PRODUCTION_LOG_DAYS,
} from '../../contracts/production-floors';
import { GATE_CONTEXT } from '../../stages/gate-context';
import { joinAudit } from './join';
import { type AuditFinding, type AuditResult, ENGINE_NAMES, type TemplateInputReport } from './model';
import { type AuditSynthesis, cdkJsonContext, synthesizeForAudit } from './synth';
import { sourceOf } from './template/draft';
import { auditStack, declareTransforms } from './template/include';
import { collectInputs } from './template/inputs';
import { type PreparedMember, type PreparedTemplate, includeProps, prepareUnit } from './template/prepare';

export { loadTemplateFile, parseTemplate, TemplateInputError } from './template/load';

/** Engine name of the findings the import itself makes (a resource that could not be read). */
export const TEMPLATE_IMPORT_ENGINE = 'Template Import';
/** A resource (or section) the audit could not import: reported on its logical id. */
export const NOT_IMPORTED_RULE = 'TemplateImport-NotImported';
/** An input file that could not be read at all. */
export const UNUSABLE_INPUT_RULE = 'TemplateImport-UnusableInput';

/** Engines of a template audit, in report order. */
export const TEMPLATE_ENGINES: readonly string[] = [...ENGINE_NAMES, TEMPLATE_IMPORT_ENGINE];

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

/** The stacks of a unit, each holding its prepared template (nested stacks loaded). */
function buildUnit(stage: Stage, members: readonly PreparedMember[]): void {
  for (const m of members) {
    const stack = auditStack(stage, m.stackId, m.stackName);
    declareTransforms(stack, m.prepared.draft.template);
    new CfnInclude(stack, 'Template', includeProps(m.prepared));
  }
}

/**
 * Each template was imported on its own already; what loading nested stacks adds (CfnInclude
 * refuses an UpdatePolicy on a nested stack, for one) is tried in a throwaway app, so that one unit
 * that cannot be built is reported and the others keep their findings.
 */
function buildsAlone(members: readonly PreparedMember[]): boolean {
  if (members.every((m) => m.prepared.nested.length === 0)) return true;
  try {
    buildUnit(new Stage(new App(), 'Trial'), members);
    return true;
  } catch (error) {
    const reason = `the template cannot be imported: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    for (const m of members) m.prepared.draft.problems.push({ logicalId: '*', reason });
    return false;
  }
}

/** Where an included template sits in the construct tree, for naming findings by file and line. */
interface Included {
  readonly prefix: string;
  readonly prepared: PreparedTemplate;
  readonly stage: string;
  readonly stack: string;
  readonly nestedIn?: string;
}

function includedTemplates(stage: string, members: readonly PreparedMember[]): Included[] {
  const out: Included[] = [];
  const visit = (prefix: string, prepared: PreparedTemplate, stack: string, nestedIn?: string) => {
    out.push({ prefix, prepared, stage, stack, ...(nestedIn ? { nestedIn } : {}) });
    for (const c of prepared.nested) {
      const path = nestedIn ? `${nestedIn}/${c.logicalId}` : c.logicalId;
      visit(`${prefix}/${c.logicalId}/${c.logicalId}`, c.prepared, stack, path);
    }
  };
  for (const m of members) visit(`${stage}/${m.stackId}/Template`, m.prepared, m.stackId);
  return out;
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * Runs every engine on CloudFormation templates Shipshape did not create (or did: a cdk.out), in
 * one synthesis. Each input expands to units (a lone template, or every stack of a cloud assembly),
 * each unit becomes a Stage judged by the ProductionReadiness pack with the given profile, and each
 * template is prepared (parameters at their defaults, `Fn::ForEach`, decided conditions, SAM,
 * references between the assembly's stacks, nested stacks) and imported with `CfnInclude`
 * resource by resource where it must be. Whatever could not be examined is reported, and the
 * verdict is then not PASS.
 */
export function auditTemplates(options: {
  /** Files, directories or cloud assemblies (`cdk.out`). */
  readonly inputs: readonly string[];
  readonly profile: ComplianceProfile;
  /**
   * A stage's own profile (the stage id of a cloud assembly, e.g. "Dev"), where it differs from
   * `profile`: a whole cdk.out judged the way the app judges each of its stages.
   * @default - `profile` for every stage
   */
  readonly profileOf?: (stageId: string) => ComplianceProfile | undefined;
  readonly root: string;
  readonly outdir: string;
  readonly today?: Date;
  /**
   * Run the engines that read only the synthesized template files (cfn-guard, the CloudFormation
   * validator). A test that proves those files equal to ones the app's own synthesis already checked
   * may skip them; the command never does. @default true
   */
  readonly templateEngines?: boolean;
  /** Base of relative inputs and of the file names in the report. @default process.cwd() */
  readonly cwd?: string;
}): AuditResult {
  const today = options.today ?? new Date();
  const cwd = options.cwd ?? process.cwd();
  const collected = collectInputs(options.inputs, cwd);
  const work = join(options.outdir, 'prepared');
  mkdirSync(work, { recursive: true });
  const prepared = collected.units.map((unit) => ({ unit, members: prepareUnit(unit, work) }));
  const units = prepared.filter(({ members }) => buildsAlone(members));
  // Every template is reported, including those of a unit that could not be built.
  const included = prepared.flatMap((u) => includedTemplates(u.unit.stageId, u.members));

  const synthesis: AuditSynthesis =
    units.length === 0
      ? {
          outdir: options.outdir,
          acknowledgements: [],
          report: { pluginReports: [] },
          nagAcknowledged: [],
          stages: [],
          stacksOf: new Map(),
          millis: 0,
        }
      : synthesizeForAudit({
          outdir: join(options.outdir, 'cdk.out'),
          context: cdkJsonContext(options.root),
          postCliContext: { ...GATE_CONTEXT },
          builtinValidation: options.templateEngines ?? true,
          build: (app) => {
            const engines = addStockEngines(app, { guard: options.templateEngines ?? true });
            const stages = units.map(({ unit, members }) => {
              const stage = new Stage(app, unit.stageId);
              buildUnit(stage, members);
              Validations.of(stage).addPlugins(
                new ProductionReadinessChecks(
                  stage,
                  templatePolicy(options.profileOf?.(unit.stageId) ?? options.profile),
                  { within: stage },
                ),
              );
              return stage;
            });
            // As the app does: the template engines start on every template before the packs run.
            startEnginesEarly(stages, engines);
            return stages;
          },
        });

  const byPrefix = [...included].sort((a, b) => b.prefix.length - a.prefix.length);
  const where = (inc: Included, logicalId: string) => {
    const source = sourceOf(inc.prepared.draft, logicalId);
    const at = inc.prepared.loaded.position('Resources', source);
    return {
      file: displayPath(inc.prepared.loaded.file, cwd),
      line: at?.line ?? 1,
      ...(at ? { column: at.column } : {}),
    };
  };
  const locate = (f: AuditFinding): AuditFinding => {
    const inc = byPrefix.find(
      (i) => f.constructPath === i.prefix || f.constructPath.startsWith(`${i.prefix}/`),
    );
    if (!inc) {
      const stack = included.find((i) => f.constructPath.startsWith(`${i.stage}/${i.stack}`));
      return stack ? { ...f, location: { file: displayPath(stack.prepared.loaded.file, cwd), line: 1 } } : f;
    }
    const segment = f.constructPath.slice(inc.prefix.length + 1).split('/')[0] ?? '';
    const logicalId = f.logicalId ?? segment.replace(/\.NestedStack$/, '');
    return { ...f, logicalId, location: where(inc, logicalId) };
  };

  const extraFindings: AuditFinding[] = [];
  for (const inc of included) {
    for (const p of inc.prepared.draft.problems) {
      extraFindings.push({
        engine: TEMPLATE_IMPORT_ENGINE,
        ruleId: NOT_IMPORTED_RULE,
        ruleName: NOT_IMPORTED_RULE,
        severity: 'error',
        description: `${p.logicalId === '*' ? 'template' : p.logicalId}: ${p.reason}; not audited`,
        constructPath: `${inc.prefix}/${p.logicalId}`,
        stage: inc.stage,
        ...(p.logicalId === '*' || p.logicalId === 'Outputs' ? {} : { logicalId: p.logicalId }),
        location: where(inc, p.logicalId),
        checklistIds: [],
      });
    }
  }
  for (const u of collected.unusable) {
    extraFindings.push({
      engine: TEMPLATE_IMPORT_ENGINE,
      ruleId: UNUSABLE_INPUT_RULE,
      ruleName: UNUSABLE_INPUT_RULE,
      severity: 'error',
      description: u.reason,
      constructPath: displayPath(u.file, cwd),
      stage: '(input)',
      location: {
        file: displayPath(u.file, cwd),
        line: u.line ?? 1,
        ...(u.column ? { column: u.column } : {}),
      },
      checklistIds: [],
    });
  }

  const inputs: TemplateInputReport[] = included.map((inc) => ({
    file: displayPath(inc.prepared.loaded.file, cwd),
    stage: inc.stage,
    stack: inc.stack,
    ...(inc.nestedIn ? { nestedIn: inc.nestedIn } : {}),
    notes: inc.prepared.draft.notes,
    substituted: inc.prepared.draft.parameters.substituted,
    unresolved: inc.prepared.draft.parameters.unresolved,
    unaudited: inc.prepared.draft.unaudited,
  }));
  const unexamined = inputs.flatMap((i) =>
    i.unaudited.map(
      (u) =>
        `${u.logicalIds.length} resource(s) not audited in ${i.file}${i.nestedIn ? ` (nested ${i.nestedIn})` : ''}: ${u.reason}`,
    ),
  );
  const result = joinAudit({
    synthesis,
    mode: 'template',
    root: options.root,
    today,
    template: options.inputs.join(', '),
    profile: options.profile,
    engines: TEMPLATE_ENGINES,
    locate,
    extraFindings,
    unexamined,
    unusable: collected.unusable.map((u) => u.message),
  });
  return {
    ...result,
    inputs,
    unusable: collected.unusable.map((u) => ({
      file: displayPath(u.file, cwd),
      reason: u.reason,
      ...(u.line ? { line: u.line } : {}),
      ...(u.column ? { column: u.column } : {}),
    })),
    skipped: collected.skipped.map((s) => ({ file: displayPath(s.file, cwd), why: s.why })),
  };
}

/** One template file (kept for callers that audit exactly one). */
export function auditTemplate(options: {
  readonly file: string;
  readonly profile: ComplianceProfile;
  readonly root: string;
  readonly outdir: string;
  readonly today?: Date;
}): AuditResult {
  return auditTemplates({ ...options, inputs: [options.file] });
}
