import autocannon from 'autocannon';
import { LoadTestOptions, LoadTestProgress } from './options';
import { LoadTestReport, summarize } from './summary';

export interface LoadTestHooks {
  /** Once a second while the test runs. */
  readonly onProgress?: (progress: LoadTestProgress) => void;
}

/** Runs autocannon with the bounded options and returns the gated report. */
export async function runLoadTest(
  options: LoadTestOptions,
  hooks: LoadTestHooks = {},
): Promise<LoadTestReport> {
  const headers: Record<string, string> = { 'user-agent': 'shipshape-loadtest' };
  if (options.key !== undefined) headers[options.keyHeader] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const instance = autocannon({
    url: new URL(options.path, options.url).href,
    method: options.method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: options.timeoutSeconds,
    ...(options.ca === undefined ? {} : { tlsOptions: { ca: options.ca } }),
  });
  let elapsedSeconds = 0;
  let requests = 0;
  instance.on('tick', (tick) => {
    elapsedSeconds += 1;
    requests += tick.counter;
    hooks.onProgress?.({ elapsedSeconds, durationSeconds: options.durationSeconds, requests });
  });
  const result = await instance;
  return summarize(result, options);
}
