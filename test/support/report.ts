import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One unacknowledged finding from `validation-report.json`. */
export interface Finding {
  readonly engine: string;
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
}

interface RawReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity?: string; violatingConstructs?: { constructPath?: string }[] }[];
  }[];
}

/** Reads the validation report an app wrote to its outdir and flattens the open findings. */
export function findingsIn(outdir: string): Finding[] {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as RawReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) =>
      (v.violatingConstructs ?? [{}]).map((c) => ({
        engine: plugin.pluginName,
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        path: c.constructPath ?? '(unknown)',
      })),
    ),
  );
}
