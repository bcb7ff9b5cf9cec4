import type { Json, JsonObject } from './json';
import { isObject } from './json';

/** Resources the run could not examine, and why (the verdict cannot be PASS while any exist). */
export interface Unaudited {
  /** Logical ids as written in the source file. */
  readonly logicalIds: readonly string[];
  readonly reason: string;
}

/** A resource that could not be read or imported: reported as a finding on its logical id. */
export interface ImportProblem {
  readonly logicalId: string;
  readonly reason: string;
}

/** What the audit did to a parameter. */
export interface ParameterResolution {
  /** Parameters replaced by their `Default`. */
  readonly substituted: Readonly<Record<string, Json>>;
  /** Parameters left as references, each with why (no Default, an SSM path...). */
  readonly unresolved: Readonly<Record<string, string>>;
}

/**
 * A template on its way to `CfnInclude`: each preparation step (parameters, conditions, `Fn::ForEach`,
 * SAM, CDK references, nested stacks) rewrites `template` and records what it did, so the report can
 * say what was examined and a finding on a generated resource points at the source it came from.
 */
export interface Draft {
  readonly file: string;
  template: JsonObject;
  /** Prepared logical id -> the key in the source file's Resources that produced it. */
  readonly origin: Map<string, string>;
  readonly notes: string[];
  readonly unaudited: Unaudited[];
  readonly problems: ImportProblem[];
  parameters: ParameterResolution;
}

export function newDraft(file: string, template: JsonObject): Draft {
  const draft: Draft = {
    file,
    template: structuredClone(template),
    origin: new Map(),
    notes: [],
    unaudited: [],
    problems: [],
    parameters: { substituted: {}, unresolved: {} },
  };
  for (const id of Object.keys(resourcesOf(draft))) draft.origin.set(id, id);
  return draft;
}

/** The Resources section (created when absent). */
export function resourcesOf(draft: Draft): JsonObject {
  const resources = draft.template['Resources'];
  if (isObject(resources)) return resources;
  const fresh: JsonObject = {};
  draft.template['Resources'] = fresh;
  return fresh;
}

/** The source key a prepared logical id came from. */
export function sourceOf(draft: Draft, logicalId: string): string {
  return draft.origin.get(logicalId) ?? logicalId;
}

/** The template's transforms, as a list. */
export function transformsOf(template: JsonObject): string[] {
  const t = template['Transform'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

export function setTransforms(template: JsonObject, transforms: readonly string[]): void {
  if (transforms.length === 0) delete template['Transform'];
  else template['Transform'] = transforms.length === 1 ? transforms[0]! : [...transforms];
}
