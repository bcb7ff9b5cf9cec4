import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditFinding } from '../../lib/ops/audit/model';

/** The app's stages, as the shared assembly holds them. */
export const STAGES = ['Dev', 'Staging', 'Prod'] as const;

/**
 * Differences between the template audit of cdk.out and the app's own audit that cannot go away,
 * each with why. Everything else must be equal: same engine, rule and logical id, as often.
 */
export const PRINCIPLED_DIFFERENCES: readonly { readonly matches: RegExp; readonly why: string }[] = [
  {
    matches: /-VPCDefaultSecurityGroupClosed\|Network\//,
    why: 'construct tree only: the stock rule looks for the VPC L2 construct child RestrictDefaultSecurityGroupCustomResource, which a template has no trace of (the custom resource is there, the tree is not)',
  },
  {
    matches: /\|Network\/CustomVpcRestrictDefaultSGCustomResourceProvider(Role|Handler)/,
    why: "the CDK's CustomResourceProvider declares its function and role as raw CfnResource, which the instanceof-based stock rules skip in the app; imported from the template they are an ordinary Lambda function and IAM role and are judged as such (stricter, not looser)",
  },
];

/** Construct path -> "<stack>/<logical id>", from the assembly's metadata files (the app's own mapping). */
export function logicalIdsOfPaths(assemblyDir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const stage of STAGES) {
    const dir = join(assemblyDir, `assembly-${stage}`);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.metadata.json'))) {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        artifacts: Record<string, { displayName?: string; additionalMetadataFile?: string }>;
      };
      const artifact = Object.values(manifest.artifacts).find((a) => a.additionalMetadataFile === file);
      const stack = artifact?.displayName?.split('/')[1] ?? file;
      const metadata = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<
        string,
        { type: string; data?: unknown }[]
      >;
      for (const [path, entries] of Object.entries(metadata)) {
        const id = entries.find((e) => e.type === 'aws:cdk:logicalId')?.data;
        if (typeof id === 'string') map.set(path.slice(1), `${stack}/${id}`);
      }
    }
  }
  return map;
}

/** Engines that read nothing but the synthesized template files. */
export const TEMPLATE_FILE_ENGINES = ['cdk-validator-cfnguard', 'CloudFormation Validate'];

/**
 * A template as the file-reading engines judge it, minus what the audit adds to let the rules follow
 * references: `Fn::GetStackOutput` is imported as an `Fn::ImportValue` of an export the audit adds to
 * the producing output (bench/template-parity.ts shows the engines' findings unchanged by it), and a
 * cdk.out's recorded construct path becomes `aws:cdk:path` metadata. DependsOn order and a
 * one-element Transform list are not meaning.
 */
export function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v));
    return key === 'DependsOn' ? [...items].sort() : items;
  }
  if (typeof value !== 'object' || value === null) return key === 'Transform' ? [value] : value;
  const o = value as Record<string, unknown>;
  const output = o['Fn::GetStackOutput'] as { StackName: string; OutputName: string } | undefined;
  if (output) return { 'Fn::ImportValue': `shipshape-audit:${output.StackName}:${output.OutputName}` };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const name = (v as { Name?: unknown } | undefined)?.Name;
    if (k === 'Export' && typeof name === 'string' && name.startsWith('shipshape-audit:')) continue;
    if (k === 'Metadata' && Object.keys(v as object).join() === 'aws:cdk:path') continue;
    out[k] = canonical(v, k);
  }
  return out;
}

export function counted(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** Keys present more often on one side than on the other. */
export function difference(a: Map<string, number>, b: Map<string, number>): string[] {
  return [...a].filter(([k, n]) => (b.get(k) ?? 0) < n).map(([k]) => k);
}

/**
 * How a finding is compared across the two modes: engine, rule and "<stack>/<logical id>". The app
 * names constructs by path; the assembly's metadata files map each path to its logical id.
 */
export function findingKeys(assemblyDir: string): {
  appKey: (f: AuditFinding) => string;
  templateKey: (f: AuditFinding) => string;
} {
  const paths = logicalIdsOfPaths(assemblyDir);
  return {
    appKey: (f) => {
      const p = f.constructPath;
      const id = paths.get(p) ?? paths.get(`${p}/Resource`) ?? paths.get(`${p}/Default`) ?? p;
      return `${f.engine}|${f.ruleId}|${id}`;
    },
    templateKey: (f) => `${f.engine}|${f.ruleId}|${f.constructPath.split('/')[1]}/${f.logicalId}`,
  };
}
