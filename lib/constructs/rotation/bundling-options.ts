/** The rotation Lambdas in this repo, by directory under `lambda/`. */
export { ROTATION_LAMBDAS } from '../platform/lambda-code';
export type RotationLambdaName = 'rotate-api-key' | 'rotate-cache-user' | 'redeploy-service';
