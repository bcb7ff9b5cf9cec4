import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Draft, resourcesOf } from './draft';
import { type Json, isObject, stringsIn } from './json';

/** A nested stack whose template the run can read. */
export interface NestedTemplate {
  readonly logicalId: string;
  readonly file: string;
  /** Literal parameter values the parent passes (the rest stay the child's Defaults). */
  readonly parameters: Readonly<Record<string, Json>>;
}

/** Template files of the CDK assets a directory's `*.assets.json` manifests declare, by asset hash. */
function cdkAssetTemplates(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.assets.json')) continue;
    try {
      const manifest = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        files?: Record<string, { source?: { path?: string } }>;
      };
      for (const [hash, asset] of Object.entries(manifest.files ?? {})) {
        if (asset.source?.path?.endsWith('.json')) found.set(hash, join(dir, asset.source.path));
      }
    } catch {
      // A manifest that does not parse names no asset; the nested stack is then reported unaudited.
    }
  }
  return found;
}

/** The local file a `TemplateURL` names: a relative or `file://` path, or a CDK asset of the assembly. */
function localTemplate(url: Json | undefined, baseDir: string): string | undefined {
  if (typeof url === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const path = isAbsolute(url) ? url : resolve(baseDir, url);
    return existsSync(path) && statSync(path).isFile() ? path : undefined;
  }
  if (typeof url === 'string' && url.startsWith('file://')) {
    const path = fileURLToPath(url);
    return existsSync(path) ? path : undefined;
  }
  // CDK writes https://s3.<region>.<suffix>/<bootstrap bucket>/<asset hash>.json.
  const hash = stringsIn(url)
    .map((s) => /([0-9a-f]{64})\.json$/.exec(s)?.[1])
    .find((h) => h !== undefined);
  return hash ? cdkAssetTemplates(baseDir).get(hash) : undefined;
}

/**
 * The nested stacks of a draft whose templates are local (a path, or a CDK asset in the same cloud
 * assembly); the others are reported as not audited. Literal parameters the parent passes go to the
 * child and leave the parent's resource (the child substitutes them).
 */
export function findNestedTemplates(draft: Draft): NestedTemplate[] {
  const nested: NestedTemplate[] = [];
  for (const [id, resource] of Object.entries(resourcesOf(draft))) {
    if (!isObject(resource) || resource['Type'] !== 'AWS::CloudFormation::Stack') continue;
    const props = isObject(resource['Properties']) ? resource['Properties'] : {};
    const file = localTemplate(props['TemplateURL'], dirname(draft.file));
    if (!file) {
      draft.unaudited.push({
        logicalIds: [id],
        reason: `nested stack ${id}: its template (${JSON.stringify(props['TemplateURL'])}) is neither a local file nor a CDK asset of this cloud assembly`,
      });
      continue;
    }
    const parameters: Record<string, Json> = {};
    const passed = isObject(props['Parameters']) ? props['Parameters'] : {};
    for (const [name, value] of Object.entries(passed)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        parameters[name] = String(value);
        delete passed[name];
      }
    }
    nested.push({ logicalId: id, file, parameters });
  }
  return nested;
}
