import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ComplianceProfile } from '../../compliance/profile';
import { ConfigError } from '../../config';
import { UnknownEnvironmentError } from '../../stages/shipshape-app';
import { auditApp } from '../audit/app-audit';
import { toJunit } from '../audit/junit';
import { toJson, toMarkdown, toSummary } from '../audit/markdown';
import type { AuditResult } from '../audit/model';
import { toSarif } from '../audit/sarif';
import { SECURITY_DOC_COMMAND, SECURITY_DOC_PATH, securityDoc } from '../audit/security-doc';
import { watchEngines } from '../audit/engine-progress';
import { auditTemplates } from '../audit/template-audit';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, parseFlags, UsageError } from './common';

export const AUDIT_USAGE = `Usage: shipshape audit [options]

Synthesizes every stage under every engine (cdk-nag packs, ProductionReadiness, cfn-guard, the
CloudFormation validator), joins the findings with the checklist register and the acknowledgements,
and writes compliance.md, compliance.json, compliance.sarif and compliance.junit.xml. Exits 1 on an
unacknowledged error or warning, a checklist id missing, an expired or stage/stack/app-wide
acknowledgement, or a stale docs/security.md.

  --template PATH     audit CloudFormation templates instead of the app: a template file (JSON or
                      YAML), a directory of them, or a cloud assembly (a whole cdk.out: every
                      stack of every stage). Repeatable; one run, one report, findings by file.
                      Parameters are judged at their Default; Fn::ForEach, decided conditions,
                      SAM (Function, Api, SimpleTable) and local or cdk.out nested stacks are
                      expanded; whatever is not examined is listed and the verdict is INCOMPLETE
  --profile NAME      with --template: production (default) or non-production
  --env NAME          audit one environment only (always synthesized)
  --out DIR           where to write the reports (default reports)
  --cdk-out DIR       the app's cloud assembly (default cdk.out). One the app synthesized from the
                      current sources, every stage under every engine, is read instead of
                      synthesized again; otherwise the app is synthesized into it
  --fresh             synthesize even when the cloud assembly is current
  --write-docs        regenerate ${SECURITY_DOC_PATH} from the register and exit (no synth)
  -h, --help          this text

Exit codes: 0 PASS; 1 FAIL (findings, refused acknowledgements, missing checklist ids, a resource
that could not be imported); 2 unusable input or bad command line (a template that does not parse:
file, line and column are named); 3 INCOMPLETE (template mode: nothing failed, but something was
not examined: a macro, a remote nested stack, an unexpanded SAM feature).
`;

/** Template mode: nothing failed, but part of the input was not examined. */
export const EXIT_INCOMPLETE = 3;

/** Parsed command line. */
export interface AuditArgs {
  /** Template files, directories or cloud assemblies (template mode). */
  readonly templates?: readonly string[];
  readonly profile: ComplianceProfile;
  readonly env?: string;
  readonly out: string;
  readonly cdkOut?: string;
  readonly fresh: boolean;
  readonly writeDocs: boolean;
}

export function parseAuditArgs(argv: readonly string[]): AuditArgs | 'help' {
  const v = parseFlags({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      template: { type: 'string', multiple: true },
      profile: { type: 'string' },
      env: { type: 'string' },
      out: { type: 'string' },
      'cdk-out': { type: 'string' },
      fresh: { type: 'boolean' },
      'write-docs': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return 'help';
  const profile = v.profile ?? 'production';
  if (profile !== 'production' && profile !== 'non-production') {
    throw new UsageError(`--profile must be production or non-production, got "${profile}"`);
  }
  if (v.profile !== undefined && v.template === undefined) {
    throw new UsageError('--profile applies to --template only (app stages take theirs from config)');
  }
  if (v.template !== undefined && v.env !== undefined)
    throw new UsageError('--env and --template exclude each other');
  return {
    ...(v.template === undefined ? {} : { templates: v.template }),
    profile,
    ...(v.env === undefined ? {} : { env: v.env }),
    out: v.out ?? 'reports',
    ...(v['cdk-out'] === undefined ? {} : { cdkOut: v['cdk-out'] }),
    fresh: v.fresh === true,
    writeDocs: v['write-docs'] === true,
  };
}

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

function versionOf(context: AuditContext): string {
  if (context.version) return context.version;
  const pkg = join(context.root, 'package.json');
  return existsSync(pkg)
    ? ((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? '0.0.0')
    : '0.0.0';
}

/** Writes the four reports; returns their paths relative to the root. */
export function writeReports(result: AuditResult, dir: string, context: AuditContext): string[] {
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

/** Whether the committed docs/security.md is what the generator writes now. */
export function securityDocIsCurrent(root: string): boolean {
  const path = join(root, SECURITY_DOC_PATH);
  return existsSync(path) && readFileSync(path, 'utf8') === securityDoc();
}

/** `shipshape audit` */
export async function auditCommand(
  argv: readonly string[],
  io: CliIo,
  context: AuditContext,
): Promise<number> {
  let args: ReturnType<typeof parseAuditArgs>;
  try {
    args = parseAuditArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`shipshape audit: ${error.message}\n\n${AUDIT_USAGE}`);
    return EXIT_USAGE;
  }
  if (args === 'help') {
    io.stdout(AUDIT_USAGE);
    return EXIT_OK;
  }
  const { root } = context;
  if (args.writeDocs) {
    writeFileSync(join(root, SECURITY_DOC_PATH), securityDoc());
    io.stdout(`audit: wrote ${SECURITY_DOC_PATH}\n`);
    return EXIT_OK;
  }
  const at = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
  const progress = io.stderrIsTty ? (line: string) => io.stderr(`audit: ${line}\n`) : () => {};
  let result: AuditResult;
  try {
    if (args.templates !== undefined) {
      for (const given of args.templates) {
        if (!existsSync(resolve(given))) {
          io.stderr(`shipshape audit: --template ${given}: no such file or directory\n`);
          return EXIT_USAGE;
        }
      }
      result = auditTemplates({
        inputs: args.templates.map((t) => resolve(t)),
        profile: args.profile,
        root,
        outdir: args.cdkOut ? at(args.cdkOut) : mkdtempSync(join(tmpdir(), 'shipshape-audit-')),
        today: context.today ?? new Date(),
      });
    } else {
      const watch = watchEngines({
        onStart: (engine, templates) => progress(`${engine}: checking ${templates} template(s)…`),
        onEnd: (run) => progress(`${run.engine}: done in ${(run.millis / 1000).toFixed(1)} s`),
      });
      try {
        result = auditApp({
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
      if (!securityDocIsCurrent(root)) {
        result = {
          ...result,
          verdict: {
            pass: false,
            status: 'fail',
            reasons: [
              ...result.verdict.reasons,
              `${SECURITY_DOC_PATH} is stale: run \`${SECURITY_DOC_COMMAND}\``,
            ],
          },
        };
      }
    }
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
