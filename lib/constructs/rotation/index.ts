export * from './api-key-rotation';
export * from './cache-user-rotation';
export * from './redeploy-on-rotation';
export * from './rotation-function';
export { DEFAULT_ROTATION_INTERVAL, MAX_ROTATION_INTERVAL } from './validate';
