import type { ComplianceProfile } from '../../compliance/profile';
import { SECURITY_DOC_PATH } from '../audit/security-doc';
import { parseFlags, UsageError } from './common';

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
  const v = parseFlags(argv, {
    template: { type: 'string', multiple: true },
    profile: { type: 'string' },
    env: { type: 'string' },
    out: { type: 'string' },
    'cdk-out': { type: 'string' },
    fresh: { type: 'boolean' },
    'write-docs': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
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
