import { pathToFileURL } from 'node:url';
import type { AuditFinding, AuditResult } from './model';
import { rulesOf } from './rules-help';

/** The SARIF 2.1.0 schema URI written into `$schema`. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<AuditFinding['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * SARIF 2.1.0: one run, one result per unacknowledged finding, with the rule's help text, the
 * construct path as a logical location and, when the report's stack traces (or the audited
 * template) give one, a physical location relative to %SRCROOT%.
 */
export function toSarif(
  result: AuditResult,
  options: { readonly root: string; readonly version: string },
): object {
  const rules = rulesOf(result.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'shipshape-audit',
            version: options.version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/[^A-Za-z0-9]/g, ''),
              shortDescription: { text: r.short },
              fullDescription: { text: r.help },
              help: { text: r.help },
              ...(r.helpUri ? { helpUri: r.helpUri } : {}),
              properties: { engine: r.engine },
            })),
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL(`${options.root.replace(/\/$/, '')}/`).href },
        },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: {
            text: `${f.description}${f.checklistIds.length ? ` [${f.checklistIds.join(', ')}]` : ''} (${f.constructPath})`,
          },
          locations: [
            {
              ...(f.location
                ? {
                    physicalLocation: {
                      artifactLocation: { uri: f.location.file, uriBaseId: '%SRCROOT%' },
                      region: {
                        startLine: f.location.line,
                        ...(f.location.column ? { startColumn: f.location.column } : {}),
                      },
                    },
                  }
                : {}),
              logicalLocations: [{ fullyQualifiedName: f.constructPath, kind: 'resource' }],
            },
          ],
          partialFingerprints: { constructRule: `${f.ruleId}|${f.constructPath}` },
          properties: { engine: f.engine, stage: f.stage, checklistIds: f.checklistIds },
        })),
        properties: {
          mode: result.mode,
          stages: result.stages,
          pass: result.verdict.pass,
          verdict: result.verdict.status,
        },
      },
    ],
  };
}
