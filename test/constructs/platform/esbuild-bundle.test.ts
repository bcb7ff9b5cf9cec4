import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BUNDLE_CACHE_DIR, bundle, forgetBundles } from '../../../lib/constructs/platform/esbuild-bundle';
import { esbuildTarget, LAMBDA_RUNTIME } from '../../../lib/constructs/platform/runtime';

// A throwaway source inside the project (bundles key their inputs by path relative to the root).
const sourceDir = join(BUNDLE_CACHE_DIR, '..', `bundle-test-${process.pid}`);
const entry = join(sourceDir, 'index.ts');
const helper = join(sourceDir, 'helper.ts');
const spec = { entry, target: esbuildTarget(LAMBDA_RUNTIME) };
const helperSource = (word: string) =>
  `export const greeting = (who: string): string => word + ' ' + who;\nconst word = '${word}';\n`;

beforeAll(() => {
  mkdirSync(sourceDir, { recursive: true });
  writeFileSync(helper, helperSource('hello'));
  writeFileSync(
    entry,
    "import { greeting } from './helper';\nexport const handler = async () => greeting('bundle');\n",
  );
});
afterAll(() => rmSync(sourceDir, { recursive: true, force: true }));

describe('bundle: each source bundled once, content-addressed, cached across runs', () => {
  test('writes index.js and its source map into a directory named by the bundle hash', () => {
    const dir = bundle(spec);
    expect(basename(dir)).toMatch(/^bundle-[0-9a-f]{32}$/);
    expect(readdirSync(dir).sort()).toEqual(['index.js', 'index.js.map']);
    expect(readFileSync(join(dir, 'index.js'), 'utf8')).toContain('hello');
  });

  test('the same source gives the same directory: once per process, and again after the cache index is lost', () => {
    const first = bundle(spec);
    expect(bundle(spec)).toBe(first);
    forgetBundles();
    for (const f of readdirSync(BUNDLE_CACHE_DIR).filter((f) => f.endsWith('.json'))) {
      const index = JSON.parse(readFileSync(join(BUNDLE_CACHE_DIR, f), 'utf8')) as { output: string };
      if (index.output === basename(first)) rmSync(join(BUNDLE_CACHE_DIR, f));
    }
    rmSync(first, { recursive: true });
    expect(bundle(spec)).toBe(first);
    expect(existsSync(first)).toBe(true);
  });

  test('a changed input (not only the entry) gives a new bundle; reverting it gives the old one back', () => {
    const before = bundle(spec);
    forgetBundles();
    writeFileSync(helper, helperSource('goodbye'));
    const after = bundle(spec);
    expect(after).not.toBe(before);
    expect(readFileSync(join(after, 'index.js'), 'utf8')).toContain('goodbye');
    forgetBundles();
    writeFileSync(helper, helperSource('hello'));
    expect(bundle(spec)).toBe(before);
  });

  test('the target follows the runtime: the Lambda runtime and the canary runtime', () => {
    expect(esbuildTarget(LAMBDA_RUNTIME)).toBe(`node${/\d+/.exec(LAMBDA_RUNTIME.name)![0]}`);
    expect(() => esbuildTarget({ name: 'syn-nodejs-puppeteer-99.0' } as never)).toThrow(
      /no esbuild target known for runtime syn-nodejs-puppeteer-99.0/,
    );
  });
});
