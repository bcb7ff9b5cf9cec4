import * as path from 'node:path';

/**
 * The esbuild settings every rotation Lambda is bundled with. Plain data, no aws-cdk-lib import,
 * so tests and the bench bundle the handlers exactly as the construct does (RotationFunction maps
 * these onto NodejsFunction's BundlingOptions).
 */
export const ROTATION_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  /** Nothing external: the AWS SDK is bundled so the version we test is the version we run. */
  external: [] as string[],
  /** The entry files are TypeScript; keep the Lambda runtime's handler name `index.handler`. */
  mainFields: ['module', 'main'],
} as const;

/** The rotation Lambdas in this repo, by directory under `lambda/`. */
export const ROTATION_LAMBDAS = ['rotate-api-key', 'rotate-cache-user', 'redeploy-service'] as const;
export type RotationLambdaName = (typeof ROTATION_LAMBDAS)[number];

/** Absolute path of a rotation Lambda's entry file. */
export function rotationLambdaEntry(name: RotationLambdaName): string {
  return path.join(__dirname, '..', '..', '..', 'lambda', name, 'index.ts');
}
