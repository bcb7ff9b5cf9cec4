import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  type CollectionTag,
  isMap,
  isScalar,
  LineCounter,
  parseDocument,
  type ScalarTag,
  YAMLParseError,
} from 'yaml';
import { type Json, type JsonObject, isObject } from './json';

/** A template file that cannot be audited at all: unreadable, not JSON/YAML, not a template. */
export class TemplateInputError extends Error {
  constructor(
    public readonly file: string,
    public readonly reason: string,
    public readonly line?: number,
    public readonly column?: number,
  ) {
    super(
      `${file}${line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`}: ${reason}`,
    );
    this.name = 'TemplateInputError';
  }
}

/** A parsed template and where each resource is declared in its text. */
export interface LoadedTemplate {
  readonly file: string;
  readonly template: JsonObject;
  /** 1-based line and column of a top-level section key's entry (`Resources`, `Parameters`...), by name. */
  position(section: string, key: string): { readonly line: number; readonly column: number } | undefined;
}

const INTRINSICS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Length',
  'ToJsonString',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
];

/** The short-form intrinsic tags of CloudFormation YAML (`!Ref`, `!GetAtt`, `!Sub` …) as JSON. */
function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  const fn = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  for (const name of [...INTRINSICS, 'Ref', 'Condition', 'GetAtt']) {
    const key = fn(name);
    const value = (v: unknown) =>
      name === 'GetAtt' && typeof v === 'string'
        ? { [key]: [v.slice(0, v.indexOf('.')), v.slice(v.indexOf('.') + 1)] }
        : { [key]: v };
    tags.push({ tag: `!${name}`, resolve: (v: string) => value(v) } as ScalarTag);
    for (const collection of ['seq', 'map'] as const) {
      tags.push({
        tag: `!${name}`,
        collection,
        resolve: (v: { toJSON(): unknown }) => value(v.toJSON()),
      } as unknown as CollectionTag);
    }
  }
  return tags;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Offsets of the keys two levels deep (`Resources.<id>`, `Parameters.<name>` ...) in JSON text. A
 * scanner, not a parser: the text already parsed, and CDK output is one line of 100+ KB that a YAML
 * document model would take a tenth of a second to build.
 */
function jsonKeyOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const stack: { object: boolean; key?: string }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      let s = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        s += text[i];
      }
      const top = stack.at(-1);
      if (top?.object && expectKey) {
        top.key = s;
        if (stack.length === 2) offsets.set(`${stack[0]!.key}\u0000${s}`, start);
      }
    } else if (c === '{' || c === '[') {
      stack.push({ object: c === '{' });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ':') expectKey = false;
    else if (c === ',') expectKey = stack.at(-1)?.object === true;
  }
  return offsets;
}

function jsonError(file: string, text: string, error: Error): TemplateInputError {
  const reason = error.message.replace(/\s+in JSON at position \d+.*$/s, '').replace(/\s*\(line.*$/s, '');
  const at = /position (\d+)/.exec(error.message);
  if (at) {
    const { line, column } = lineColumn(text, Number(at[1]));
    return new TemplateInputError(file, `invalid JSON: ${reason}`, line, column);
  }
  const lc = /line (\d+) column (\d+)/.exec(error.message);
  return new TemplateInputError(
    file,
    `invalid JSON: ${reason}`,
    lc ? Number(lc[1]) : undefined,
    lc ? Number(lc[2]) : undefined,
  );
}

function asTemplate(file: string, value: unknown): JsonObject {
  if (!isObject(value as Json))
    throw new TemplateInputError(file, 'not a CloudFormation template (not a mapping)');
  const template = value as JsonObject;
  if (!isObject(template['Resources']) && !template['AWSTemplateFormatVersion']) {
    throw new TemplateInputError(file, 'not a CloudFormation template (no Resources section)');
  }
  return template;
}

/** Parses a template's text; `file` only names it in errors and decides JSON (.json) or YAML. */
export function parseTemplate(file: string, text: string): LoadedTemplate {
  const json = extname(file).toLowerCase() === '.json' || /^\s*\{/.test(text);
  if (json) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw jsonError(file, text, error as Error);
    }
    const template = asTemplate(file, value);
    let offsets: Map<string, number> | undefined;
    return {
      file,
      template,
      position(section, key) {
        offsets ??= jsonKeyOffsets(text);
        const at = offsets.get(`${section}\u0000${key}`);
        return at === undefined ? undefined : lineColumn(text, at);
      },
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    customTags: cloudFormationTags(),
    merge: false,
    uniqueKeys: true,
    lineCounter,
    prettyErrors: true,
  });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem instanceof YAMLParseError ? problem.linePos?.[0] : undefined;
    throw new TemplateInputError(
      file,
      `invalid YAML: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}`,
      pos?.line,
      pos?.col,
    );
  }
  const template = asTemplate(file, doc.toJS({ maxAliasCount: 1000 }));
  return {
    file,
    template,
    position(section, key) {
      const map = doc.get(section, true);
      if (!isMap(map)) return undefined;
      const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (offset === undefined) return undefined;
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

/** Reads and parses a template file (JSON or YAML, short-form intrinsics included). */
export function loadTemplateFile(file: string): LoadedTemplate {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TemplateInputError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseTemplate(file, text);
}
