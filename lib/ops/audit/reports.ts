import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { toJunit } from './junit';
import { toJson, toMarkdown } from './markdown';
import type { AuditResult } from './model';
import { toSarif } from './sarif';

/** Where the reports are about. */
export interface ReportContext {
  /** Repository root: report paths are relative to it, and package.json is read from it. */
  readonly root: string;
  /** Version written into the SARIF tool driver. @default - package.json's version */
  readonly version?: string;
}

function versionOf(context: ReportContext): string {
  if (context.version) return context.version;
  const pkg = join(context.root, 'package.json');
  return existsSync(pkg)
    ? ((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '0.0.0')
    : '0.0.0';
}

/** Writes the four reports; returns their paths relative to the root. */
export function writeReports(result: AuditResult, dir: string, context: ReportContext): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['compliance.md', toMarkdown(result)],
    ['compliance.json', toJson(result)],
    [
      'compliance.sarif',
      `${JSON.stringify(toSarif(result, { root: context.root, version: versionOf(context) }), undefined, 2)}\n`,
    ],
    ['compliance.junit.xml', toJunit(result)],
  ];
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return relative(context.root, join(dir, name)) || name;
  });
}
