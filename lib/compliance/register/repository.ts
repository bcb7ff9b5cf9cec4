import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestRef } from './types';
import { markdownAnchors } from './markdown-anchors';

/** The repository this code is part of: the register's evidence is about it. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

/**
 * What exists in a repository, as far as the register's evidence needs to know. The statuses and
 * the evidence check read the repository only through this, so a test can hand them any repository.
 */
export interface EvidenceView {
  /** A file or directory exists at this path (relative to the root). */
  fileExists(path: string): boolean;
  /** The test file exists and, with a name, holds a test whose name contains it. */
  testExists(test: TestRef): boolean;
  /** The document exists and, with `#anchor`, has that heading. */
  docExists(doc: string): boolean;
  /** `npm test`, or `npm run <script>` for a script of package.json or a shipshape subcommand. */
  commandExists(command: string): boolean;
  /** cdk-validator-cfnguard bundles a Control Tower rule of this name. */
  guardRuleExists(name: string): boolean;
}

/** The script a `npm run <name>` / `npm test` command needs (undefined: not such a command). */
export function scriptOf(command: string): string | undefined {
  if (command === 'npm test') return 'test';
  return /^npm run ([\w:-]+)$/.exec(command)?.[1];
}

/** Rule names shipped with cdk-validator-cfnguard (the Control Tower rules it bundles). */
export function cfnGuardRuleNames(root: string): Set<string> {
  const names = new Set<string>();
  const dir = join(root, 'node_modules/@cdklabs/cdk-validator-cfnguard/rules');
  if (!existsSync(dir)) return names;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.guard')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/^rule\s+(\w+)\s+when/gm)) names.add(m[1]!);
      }
    }
  };
  walk(dir);
  return names;
}

/** The evidence view of the repository at `root` (files are read once, when first asked about). */
export function repositoryView(root: string = REPOSITORY_ROOT): EvidenceView {
  const texts = new Map<string, string | undefined>();
  const read = (path: string): string | undefined => {
    if (!texts.has(path)) {
      const file = join(root, path);
      texts.set(path, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    }
    return texts.get(path);
  };
  let scripts: Record<string, string> | undefined;
  let guard: Set<string> | undefined;
  return {
    fileExists: (path) => existsSync(join(root, path)),
    testExists: (test) => {
      const text = read(test.file);
      return text !== undefined && (test.name === undefined || text.includes(test.name));
    },
    docExists: (doc) => {
      const [path, anchor] = doc.split('#') as [string, string | undefined];
      const text = read(path);
      return text !== undefined && (anchor === undefined || markdownAnchors(text).has(anchor));
    },
    commandExists: (command) => {
      const script = scriptOf(command);
      if (script === undefined) return false;
      scripts ??=
        (JSON.parse(read('package.json') ?? '{}') as { scripts?: Record<string, string> }).scripts ?? {};
      if (scripts[script]) return true;
      // A subcommand of the operator CLI is a command too (its table keys, quoted or not).
      return new RegExp(`^\\s*'?${script}'?: \\{`, 'm').test(read('bin/shipshape.ts') ?? '');
    },
    guardRuleExists: (name) => {
      guard ??= cfnGuardRuleNames(root);
      return guard.has(name);
    },
  };
}
