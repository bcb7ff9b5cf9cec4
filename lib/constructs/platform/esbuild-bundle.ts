import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildSync, version as esbuildVersion } from 'esbuild';

/** The repository root: bundles are built with paths relative to it, so they are the same on every clone. */
const ROOT = join(__dirname, '..', '..', '..');

/**
 * Where bundles are kept between runs. Inside the project, so the source-map paths relative to a
 * bundle (and with them the asset hash) do not depend on where the repository is checked out.
 */
export const BUNDLE_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'shipshape-bundles');

/** What to bundle and how: plain data, the whole cache key. */
export interface BundleSpec {
  /** Absolute path of the entry file (TypeScript). */
  readonly entry: string;
  /** Path of the bundle inside the asset directory. @default 'index.js' */
  readonly outfile?: string;
  /** esbuild target, e.g. `node24` (derive it from the runtime: {@link esbuildTarget}). */
  readonly target: string;
  /** Modules the runtime provides. @default [] (everything bundled, the SDK included) */
  readonly external?: readonly string[];
  /** @default true */
  readonly minify?: boolean;
  /** Write `<outfile>.map` (run with `NODE_OPTIONS=--enable-source-maps`). @default true */
  readonly sourcemap?: boolean;
}

interface CacheEntry {
  /** Every input esbuild read, relative to the root, with its sha256. */
  readonly inputs: Record<string, string>;
  /** Directory name of the bundle below the cache directory. */
  readonly output: string;
}

/** Bundles made or found by this process: sources do not change during one synthesis. */
const built = new Map<string, string>();

/** Forgets what this process bundled, so the next call looks at the sources again (tests). */
export function forgetBundles(): void {
  built.clear();
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function specKey(spec: BundleSpec): string {
  return sha256(
    JSON.stringify({
      esbuild: esbuildVersion,
      entry: relative(ROOT, spec.entry),
      outfile: spec.outfile ?? 'index.js',
      target: spec.target,
      external: [...(spec.external ?? [])].sort(),
      minify: spec.minify ?? true,
      sourcemap: spec.sourcemap ?? true,
    }),
  ).slice(0, 32);
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** A cache entry is valid while every input it was built from is unchanged and its bundle exists. */
function valid(entry: CacheEntry): boolean {
  if (!existsSync(join(BUNDLE_CACHE_DIR, entry.output))) return false;
  return Object.entries(entry.inputs).every(([file, hash]) => {
    const path = join(ROOT, file);
    return existsSync(path) && sha256(readFileSync(path)) === hash;
  });
}

/** Renames `from` to `to`; another process may have won the race with the same content. */
function publish(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if (!existsSync(to)) throw error;
    rmSync(from, { recursive: true, force: true });
  }
}

/**
 * Bundles `spec.entry` with the local esbuild (never Docker) into a content-addressed directory
 * and returns that directory, ready for `Code.fromAsset`.
 *
 * Each source is bundled once: every stage of a synthesis shares the directory, and later runs
 * reuse it while none of the files esbuild read has changed (their hashes are kept with it). The
 * directory is named by the hash of the bundle itself, so the asset hash is stable as long as the
 * output is. Bundling happens when the construct is created, not in CDK's asset staging, so the
 * asset exists even when the CLI skips bundling (`cdk ls`, `cdk deploy --exclusively`).
 */
export function bundle(spec: BundleSpec): string {
  const key = specKey(spec);
  const known = built.get(key);
  if (known && existsSync(known)) return known;
  const index = join(BUNDLE_CACHE_DIR, `${key}.json`);
  if (existsSync(index)) {
    const entry = JSON.parse(readFileSync(index, 'utf8')) as CacheEntry;
    if (valid(entry)) {
      const dir = join(BUNDLE_CACHE_DIR, entry.output);
      built.set(key, dir);
      return dir;
    }
  }
  // Built next to its final place (same depth), so relative source-map paths do not change on rename.
  const staging = join(BUNDLE_CACHE_DIR, `tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  const outfile = join(staging, spec.outfile ?? 'index.js');
  mkdirSync(dirname(outfile), { recursive: true });
  const result = buildSync({
    absWorkingDir: ROOT,
    entryPoints: [spec.entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: spec.target,
    external: [...(spec.external ?? [])],
    minify: spec.minify ?? true,
    sourcemap: spec.sourcemap ?? true,
    // TypeScript entries; prefer ESM builds of dependencies for tree shaking.
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
  });
  const contents = sha256(
    filesBelow(staging)
      .map((f) => `${f}\0${sha256(readFileSync(join(staging, f)))}`)
      .join('\n'),
  ).slice(0, 32);
  const output = `bundle-${contents}`;
  publish(staging, join(BUNDLE_CACHE_DIR, output));
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs).map((file) => [file, sha256(readFileSync(join(ROOT, file)))]),
  );
  const tmpIndex = `${index}.${process.pid}.tmp`;
  writeFileSync(tmpIndex, JSON.stringify({ inputs, output } satisfies CacheEntry));
  renameSync(tmpIndex, index);
  const dir = join(BUNDLE_CACHE_DIR, output);
  built.set(key, dir);
  return dir;
}
