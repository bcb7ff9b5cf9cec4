import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * @cloud-copilot/iam-simulate (and its @cloud-copilot/iam-policy and iam-utils) are AGPL-3.0: the
 * access-path tests may use them, the shipped app may not. Nothing under lib/, bin/, lambda/ or
 * config/ may import them, and the package may only ever be a devDependency.
 */

const ROOT = join(__dirname, '..', '..');
const AGPL_PACKAGES = /['"]@cloud-copilot\//;
const PRODUCT_DIRS = ['lib', 'bin', 'lambda', 'config'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('AGPL boundary: iam-simulate stays in test/', () => {
  test('no product source imports an @cloud-copilot package', () => {
    const offenders = PRODUCT_DIRS.flatMap(sources)
      .filter((file) => AGPL_PACKAGES.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  test('the engine is a devDependency, pinned exactly, and nothing AGPL is a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies).filter((name) => name.startsWith('@cloud-copilot/'))).toEqual([]);
    expect(pkg.devDependencies['@cloud-copilot/iam-simulate']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('the guard sees an import when there is one', () => {
    expect(AGPL_PACKAGES.test("import { runSimulation } from '@cloud-copilot/iam-simulate';")).toBe(true);
    expect(sources('test').some((file) => AGPL_PACKAGES.test(readFileSync(file, 'utf8')))).toBe(true);
  });
});
