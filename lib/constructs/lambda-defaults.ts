import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * The Node.js runtime of every Shipshape Lambda: the newest this CDK release knows, so the
 * AwsSolutions-L1 rule (latest runtime) holds and upgrades happen in one place.
 */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
