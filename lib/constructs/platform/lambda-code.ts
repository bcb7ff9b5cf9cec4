import { join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundleSpec, bundle } from './esbuild-bundle';
import { esbuildTarget, LAMBDA_RUNTIME } from './runtime';

/** The Lambda handlers of this repository, by directory under `lambda/`. */
export const LAMBDAS = [
  'rotate-api-key',
  'rotate-cache-user',
  'redeploy-service',
  'alert-webhook',
  'db-app-user',
  'restore-validation',
] as const;
export type LambdaName = (typeof LAMBDAS)[number];

/** The rotation Lambdas (bundle sizes and cold starts are benchmarked). */
export const ROTATION_LAMBDAS = ['rotate-api-key', 'rotate-cache-user', 'redeploy-service'] as const;

/** Absolute path of a handler's entry file. */
export function lambdaEntry(name: LambdaName): string {
  return join(__dirname, '..', '..', '..', 'lambda', name, 'index.ts');
}

/**
 * How a handler is bundled: for the runtime every function runs on, everything bundled (the AWS SDK
 * too, so the version we test is the version we run), minified, with a source map. pg-native is
 * pg's optional native binding, never installed.
 */
export function lambdaBundleSpec(name: LambdaName): BundleSpec {
  return {
    entry: lambdaEntry(name),
    target: esbuildTarget(LAMBDA_RUNTIME),
    ...(name === 'db-app-user' ? { external: ['pg-native'] } : {}),
  };
}

/** The bundled handler as Lambda code (handler `index.handler`). */
export function lambdaCode(name: LambdaName): lambda.Code {
  return lambda.Code.fromAsset(bundle(lambdaBundleSpec(name)));
}

/** The handler name every bundle exports. */
export const LAMBDA_HANDLER = 'index.handler';
