import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { AuditFinding, SourceLocation } from './model';

/** The part of cdk.out/validation-report.json the audit reads (cloud-assembly-schema). */
export interface RawValidationReport {
  readonly pluginReports: readonly RawPluginReport[];
}

export interface RawPluginReport {
  readonly pluginName: string;
  readonly pluginVersion?: string;
  readonly conclusion?: string;
  readonly violations: readonly RawViolation[];
  readonly suppressedViolations?: readonly RawSuppressedViolation[];
}

export interface RawViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly suggestedFix?: string;
  readonly severity?: string;
  readonly ruleMetadata?: Readonly<Record<string, string>>;
  readonly violatingConstructs?: readonly RawViolatingConstruct[];
}

export interface RawSuppressedViolation extends RawViolation {
  readonly acknowledgedId: string;
  readonly reason?: string;
  readonly acknowledgedAt?: string;
}

export interface RawViolatingConstruct {
  readonly constructPath?: string;
  readonly cloudFormationResource?: {
    readonly templatePath?: string;
    readonly logicalId?: string;
    readonly propertyPaths?: readonly string[];
  };
  readonly stackTraces?: readonly string[];
}

/** Reads `validation-report.json` of an outdir; an app without findings writes none. */
export function readValidationReport(outdir: string): RawValidationReport {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return { pluginReports: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as RawValidationReport;
}

/** Namespaced rule id as acknowledgements name it (cdk-nag ids carry their pack already). */
export function qualifiedRuleId(pluginName: string, ruleName: string): string {
  if (pluginName === 'cdk-validator-cfnguard') return `cdk-validator-cfnguard::${ruleName}`;
  if (pluginName === 'CloudFormation Validate') return `CloudFormation-Validate::${ruleName}`;
  return ruleName;
}

/** The engine an acknowledged id belongs to. */
export function engineOfRuleId(id: string): string {
  const bare = id.replace(/^annotation::/i, '');
  if (bare.startsWith('cdk-validator-cfnguard::')) return 'cdk-validator-cfnguard';
  if (bare.startsWith('CloudFormation-Validate::')) return 'CloudFormation Validate';
  for (const pack of [
    'AwsSolutions',
    'HIPAA.Security',
    'NIST.800.53.R5',
    'PCI.DSS.321',
    'ProductionReadiness',
  ]) {
    if (bare.startsWith(`${pack}-`)) return pack;
  }
  return 'Construct Annotations';
}

function severityOf(raw: string | undefined): AuditFinding['severity'] {
  if (raw === 'warning' || raw === 'warn') return 'warning';
  if (raw === 'info' || raw === 'informational') return 'info';
  return 'error';
}

/**
 * The first frame of a construct stack trace that points into the project (not node_modules, not
 * node internals), as a repository-relative file:line.
 */
export function projectLocation(
  stackTraces: readonly string[] | undefined,
  root: string,
): SourceLocation | undefined {
  for (const trace of stackTraces ?? []) {
    for (const match of trace.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():\n]+):(\d+):(\d+)\)?/g)) {
      const file = match[1]!;
      if (file.includes('node_modules') || !isAbsolute(file)) continue;
      const rel = relative(root, file);
      if (rel.startsWith('..') || !/\.(ts|js)$/.test(rel)) continue;
      return { file: rel.split('\\').join('/'), line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return undefined;
}

/** Everything the report holds, flattened to one finding per construct. */
export function flattenReport(
  report: RawValidationReport,
  options: {
    readonly root: string;
    readonly checklistIdsOf: (ruleId: string) => AuditFinding['checklistIds'];
  },
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const push = (plugin: RawPluginReport, v: RawViolation, ack?: AuditFinding['acknowledgement']) => {
    const ruleId = qualifiedRuleId(plugin.pluginName, v.ruleName);
    for (const c of v.violatingConstructs?.length ? v.violatingConstructs : [{}]) {
      const constructPath = (c as RawViolatingConstruct).constructPath || '(unknown)';
      const resource = (c as RawViolatingConstruct).cloudFormationResource;
      const location = projectLocation((c as RawViolatingConstruct).stackTraces, options.root);
      findings.push({
        engine: plugin.pluginName,
        ruleId,
        ruleName: v.ruleName,
        severity: severityOf(v.severity),
        description: v.description,
        ...(v.suggestedFix ? { fix: v.suggestedFix } : {}),
        ...(v.ruleMetadata?.['DocumentationUrl'] ? { helpUri: v.ruleMetadata['DocumentationUrl'] } : {}),
        constructPath,
        stage: constructPath.includes('/') ? constructPath.split('/')[0]! : '(app)',
        ...(resource?.templatePath ? { templatePath: resource.templatePath } : {}),
        ...(resource?.logicalId ? { logicalId: resource.logicalId } : {}),
        ...(location ? { location } : {}),
        checklistIds: options.checklistIdsOf(ruleId),
        ...(ack ? { acknowledgement: ack } : {}),
      });
    }
  };
  for (const plugin of report.pluginReports) {
    for (const v of plugin.violations) push(plugin, v);
    for (const s of plugin.suppressedViolations ?? []) {
      push(plugin, s, {
        id: s.acknowledgedId.replace(/^annotation::/i, ''),
        at: s.acknowledgedAt ?? '',
        reason: s.reason ?? '',
      });
    }
  }
  return findings;
}
