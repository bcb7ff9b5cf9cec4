import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROTATION_ESBUILD_OPTIONS,
  RotationLambdaName,
  rotationLambdaEntry,
} from '../../lib/constructs/rotation/bundling-options';

/** Bundles one rotation Lambda with the construct's esbuild options; returns the bundle's path. */
export function bundleLambda(
  name: RotationLambdaName,
  outDir = mkdtempSync(join(tmpdir(), `bundle-${name}-`)),
): string {
  const outfile = join(outDir, 'index.js');
  buildSync({
    ...ROTATION_ESBUILD_OPTIONS,
    external: [...ROTATION_ESBUILD_OPTIONS.external],
    mainFields: [...ROTATION_ESBUILD_OPTIONS.mainFields],
    entryPoints: [rotationLambdaEntry(name)],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
