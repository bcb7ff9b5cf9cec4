import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { type LoadedTemplate, loadTemplateFile, TemplateInputError } from './load';

/** One template of a unit: a stack of its stage. */
export interface UnitMember {
  readonly loaded: LoadedTemplate;
  /** Stack construct id inside the unit's stage. */
  readonly stackId: string;
  /** The CloudFormation stack name (cdk.out manifests give it; `Fn::GetStackOutput` names it). */
  readonly stackName?: string;
  /** Construct path of each logical id, as the cloud assembly recorded it (cdk.out only). */
  readonly constructPaths?: ReadonlyMap<string, string>;
}

/**
 * Templates audited together in one Stage: the stacks of one cloud assembly (so references between
 * them resolve and stage-wide rules see the whole environment, as in the app), or one lone template.
 */
export interface TemplateUnit {
  readonly stageId: string;
  readonly members: readonly UnitMember[];
}

/** What the inputs expand to. */
export interface CollectedInputs {
  readonly units: readonly TemplateUnit[];
  /** Files that could not be used at all (unreadable, not JSON/YAML). */
  readonly unusable: readonly TemplateInputError[];
  /** Files skipped on purpose (not a template, a nested child audited through its parent), each with why. */
  readonly skipped: readonly { readonly file: string; readonly why: string }[];
}

const TEMPLATE_FILE = /\.(json|ya?ml|template)$/i;

interface Manifest {
  readonly artifacts?: Record<
    string,
    {
      readonly type: string;
      readonly displayName?: string;
      readonly additionalMetadataFile?: string;
      readonly properties?: {
        readonly templateFile?: string;
        readonly stackName?: string;
        readonly directoryName?: string;
      };
    }
  >;
}

function readManifest(dir: string): Manifest | undefined {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** A construct id for a stage: letters, digits and hyphens, unique in the run. */
function uniqueId(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[^A-Za-z0-9-]/g, '-').replace(/^[^A-Za-z]+/, '') || 'Template';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * Expands `--template` arguments into units: a file is one unit; a cloud assembly (a directory with
 * a manifest.json: `cdk.out`, or one `assembly-<Stage>` of it) gives one unit per assembly, every
 * stack template in it (nested-stack templates are read through their parents); any other directory
 * gives one unit per template file below it (`*.expected.json` sidecars and non-templates skipped).
 */
export function collectInputs(paths: readonly string[], cwd: string): CollectedInputs {
  const units: TemplateUnit[] = [];
  const unusable: TemplateInputError[] = [];
  const skipped: { file: string; why: string }[] = [];
  const taken = new Set<string>();
  const load = (file: string): LoadedTemplate | undefined => {
    try {
      return loadTemplateFile(file);
    } catch (error) {
      if (!(error instanceof TemplateInputError)) throw error;
      unusable.push(error);
      return undefined;
    }
  };
  const assembly = (dir: string, manifest: Manifest, stage: string): void => {
    const members: UnitMember[] = [];
    for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
      if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
        const sub = join(dir, artifact.properties.directoryName);
        const nested = readManifest(sub);
        if (nested) assembly(sub, nested, artifact.properties.directoryName.replace(/^assembly-/, ''));
      }
      if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
      const loaded = load(join(dir, artifact.properties.templateFile));
      if (!loaded) continue;
      const display = artifact.displayName ?? id;
      const paths = artifact.additionalMetadataFile
        ? constructPathsOf(join(dir, artifact.additionalMetadataFile))
        : undefined;
      members.push({
        loaded,
        stackId: display.split('/').at(-1) ?? id,
        ...(artifact.properties.stackName ? { stackName: artifact.properties.stackName } : {}),
        ...(paths ? { constructPaths: paths } : {}),
      });
    }
    if (members.length > 0) units.push({ stageId: uniqueId(stage, taken), members });
  };
  const single = (file: string, inDirectory: boolean): void => {
    let loaded: LoadedTemplate | undefined;
    try {
      loaded = loadTemplateFile(file);
    } catch (error) {
      if (!(error instanceof TemplateInputError)) throw error;
      // In a directory, a JSON/YAML file that is not a template is someone else's file.
      if (inDirectory && error.reason.startsWith('not a CloudFormation template')) {
        skipped.push({ file, why: error.reason });
        return;
      }
      unusable.push(error);
      return;
    }
    units.push({
      stageId: uniqueId(basename(file, extname(file)), taken),
      members: [{ loaded, stackId: 'Template' }],
    });
  };
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
          const manifest = readManifest(path);
          if (manifest) {
            assembly(path, manifest, basename(path));
            return [];
          }
          return walk(path);
        }
        return TEMPLATE_FILE.test(e.name) && !e.name.endsWith('.expected.json') ? [path] : [];
      });
  for (const given of paths) {
    const path = join(cwd, relative(cwd, given));
    if (!existsSync(path)) {
      unusable.push(new TemplateInputError(given, 'no such file or directory'));
      continue;
    }
    if (!statSync(path).isDirectory()) {
      single(path, false);
      continue;
    }
    const manifest = readManifest(path);
    if (manifest) {
      assembly(path, manifest, basename(path).replace(/^assembly-/, ''));
      continue;
    }
    const files = walk(path);
    const children = nestedChildren(files);
    for (const file of files) {
      if (children.has(file))
        skipped.push({ file, why: 'a nested-stack template, audited through its parent' });
      else single(file, true);
    }
  }
  return { units, unusable, skipped };
}

/** Logical id -> construct path, from a stack's metadata file (`aws:cdk:logicalId` entries). */
function constructPathsOf(file: string): Map<string, string> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      { type: string; data?: unknown }[]
    >;
    const paths = new Map<string, string>();
    for (const [path, entries] of Object.entries(metadata)) {
      const logicalId = entries.find((e) => e.type === 'aws:cdk:logicalId')?.data;
      if (typeof logicalId === 'string') paths.set(logicalId, path.replace(/^\//, ''));
    }
    return paths;
  } catch {
    return undefined;
  }
}

/** Files that another file of the set names as a nested stack's local TemplateURL. */
function nestedChildren(files: readonly string[]): Set<string> {
  const set = new Set(files);
  const children = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes('AWS::CloudFormation::Stack')) continue;
    for (const m of text.matchAll(/TemplateURL["']?\s*:\s*["']?([^"'\s,}]+)/g)) {
      const child = join(file, '..', m[1]!);
      if (set.has(child)) children.add(child);
    }
  }
  return children;
}
