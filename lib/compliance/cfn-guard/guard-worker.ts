import type { PolicyViolation } from 'aws-cdk-lib';

/**
 * Source of the worker thread that runs cfn-guard for a list of templates. Plain JavaScript in a
 * string (`new Worker(source, { eval: true })`): it must load without a TypeScript loader, under
 * tsx, jest and plain node alike. Each job runs the stock validator on one template with the rules
 * that can match it; the report goes back over a MessagePort and a shared counter wakes the main
 * thread, which may be blocked in another engine's synchronous validate() meanwhile.
 */
export const GUARD_WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { CfnGuardValidator } = require(workerData.validatorModule);
const counter = new Int32Array(workerData.signal);
for (const job of workerData.jobs) {
  let message;
  try {
    const report = job.rules.length === 0
      ? { success: true, violations: [] }
      : new CfnGuardValidator({
          controlTowerRulesEnabled: false,
          rules: job.rules,
          maxBuffer: workerData.maxBuffer,
        }).validate({ templatePaths: [job.template] });
    message = { template: job.template, report };
  } catch (error) {
    message = { template: job.template, error: String((error && error.stack) || error) };
  }
  workerData.port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}
`;

/** One template and the rule files to run on it. */
export interface GuardJob {
  readonly template: string;
  readonly rules: readonly string[];
}

/** What a worker posts per job. */
export interface GuardJobResult {
  readonly template: string;
  readonly report?: {
    readonly success: boolean;
    readonly violations: readonly PolicyViolation[];
  };
  readonly error?: string;
}
