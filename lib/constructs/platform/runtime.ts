import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';

/**
 * The Node.js runtime of every Shipshape Lambda: the newest this CDK release knows, so the
 * AwsSolutions-L1 rule (latest runtime) holds and upgrades happen in one place.
 */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The newest Node.js Synthetics runtime of this aws-cdk-lib (no browser used). */
export const CANARY_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0;

/**
 * Node.js major of each Synthetics runtime Shipshape may use: the runtime name does not say it
 * (AWS documents it per runtime version). Adding a runtime here is the decision to bundle for it.
 */
const SYNTHETICS_NODE_MAJOR: Readonly<Record<string, number>> = {
  'syn-nodejs-puppeteer-13.0': 22,
};

/** The esbuild target of a bundle that runs on `runtime` (`nodejs24.x` → `node24`). */
export function esbuildTarget(runtime: lambda.Runtime | synthetics.Runtime): string {
  const name = runtime.name;
  const lambdaNode = /^nodejs(\d+)\.x$/.exec(name);
  if (lambdaNode) return `node${lambdaNode[1]}`;
  const synthNode = SYNTHETICS_NODE_MAJOR[name];
  if (synthNode !== undefined) return `node${synthNode}`;
  throw new Error(`no esbuild target known for runtime ${name}: add its Node.js major to runtime.ts`);
}
