import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '../../config';
import { UnknownEnvironmentError } from '../../stages/stage-ids';
import { auditApp } from '../audit/app-audit';
import { watchEngines } from '../audit/engine-progress';
import { toSummary } from '../audit/markdown';
import type { AuditResult } from '../audit/model';
import { writeReports } from '../audit/reports';
import {
  SECURITY_DOC_COMMAND,
  SECURITY_DOC_PATH,
  securityDoc,
  securityDocIsCurrent,
} from '../audit/security-doc';
import { auditTemplates } from '../audit/template-audit';
import { AUDIT_USAGE, type AuditArgs, parseAuditArgs } from './audit-args';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './common';
import { readCommandLine } from './command-line';

export { AUDIT_USAGE, type AuditArgs, parseAuditArgs } from './audit-args';

/** Template mode: nothing failed, but part of the input was not examined. */
export const EXIT_INCOMPLETE = 3;

/** What bin/shipshape.ts hands the command. */
export interface AuditContext {
  /** Repository root (cdk.json, docs/, reports are resolved from it). */
  readonly root: string;
  /** Raw config of each environment. */
  readonly environments: Readonly<Record<string, unknown>>;
  /** Version written into the SARIF tool driver. @default - package.json's version */
  readonly version?: string;
  /** @default new Date() */
  readonly today?: Date;
}

/** `shipshape audit` */
export async function auditCommand(
  argv: readonly string[],
  io: CliIo,
  context: AuditContext,
): Promise<number> {
  const line = readCommandLine('audit', AUDIT_USAGE, io, () => parseAuditArgs(argv));
  if ('exit' in line) return line.exit;
  const args = line.args;
  const { root } = context;
  if (args.writeDocs) {
    writeFileSync(join(root, SECURITY_DOC_PATH), securityDoc());
    io.stdout(`audit: wrote ${SECURITY_DOC_PATH}\n`);
    return EXIT_OK;
  }
  const at = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  const progress = io.stderrIsTty ? (line: string) => io.stderr(`audit: ${line}\n`) : () => {};
  const absent = (args.templates ?? []).find((given) => !existsSync(resolve(given)));
  if (absent !== undefined) {
    io.stderr(`shipshape audit: --template ${absent}: no such file or directory\n`);
    return EXIT_USAGE;
  }
  let result: AuditResult;
  try {
    result =
      args.templates !== undefined
        ? auditTemplates({
            inputs: args.templates.map((t) => resolve(t)),
            profile: args.profile,
            root,
            outdir: args.cdkOut ? at(args.cdkOut) : mkdtempSync(join(tmpdir(), 'shipshape-audit-')),
            today: context.today ?? new Date(),
          })
        : withDocVerdict(auditTheApp(args, context, at, progress), root);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnknownEnvironmentError) {
      io.stderr(`shipshape audit: ${error.message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
  const written = writeReports(result, at(args.out), context);
  io.stdout(toSummary(result, written));
  return exitCode(result);
}

/** App mode: every stage under every engine, with each engine's progress on a terminal. */
function auditTheApp(
  args: AuditArgs,
  context: AuditContext,
  at: (path: string) => string,
  progress: (line: string) => void,
): AuditResult {
  const { root } = context;
  const watch = watchEngines({
    onStart: (engine, templates) => progress(`${engine}: checking ${templates} template(s)…`),
    onEnd: (run) => progress(`${run.engine}: done in ${(run.millis / 1000).toFixed(1)} s`),
  });
  try {
    return auditApp({
      environments: context.environments,
      root,
      outdir: at(args.cdkOut ?? 'cdk.out'),
      ...(args.env === undefined ? {} : { only: args.env }),
      today: context.today ?? new Date(),
      reuse: !args.fresh,
      onAssembly: (source) =>
        progress(
          source.kind === 'reused'
            ? `reading ${relative(root, source.outdir) || source.outdir}: synthesized from the current sources`
            : `synthesizing every stage under every engine into ${relative(root, source.outdir) || source.outdir}${source.why ? ` (${source.why})` : ''}…`,
        ),
    });
  } finally {
    watch.stop();
  }
}

/** The app's verdict fails too when the committed docs/security.md is stale. */
function withDocVerdict(result: AuditResult, root: string): AuditResult {
  if (securityDocIsCurrent(root)) return result;
  return {
    ...result,
    verdict: {
      pass: false,
      status: 'fail',
      reasons: [...result.verdict.reasons, `${SECURITY_DOC_PATH} is stale: run \`${SECURITY_DOC_COMMAND}\``],
    },
  };
}

/** The documented exit code of a verdict. */
export function exitCode(result: AuditResult): number {
  switch (result.verdict.status) {
    case 'pass':
      return EXIT_OK;
    case 'incomplete':
      return EXIT_INCOMPLETE;
    case 'unusable':
      return EXIT_USAGE;
    default:
      return EXIT_FAILED;
  }
}
