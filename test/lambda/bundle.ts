import { join } from 'node:path';
import { bundle } from '../../lib/constructs/platform/esbuild-bundle';
import { type LambdaName, lambdaBundleSpec } from '../../lib/constructs/platform/lambda-code';

/** The bundle a Lambda's construct deploys (same spec, same cache); returns the path of its index.js. */
export function bundleLambda(name: LambdaName): string {
  return join(bundle(lambdaBundleSpec(name)), 'index.js');
}
