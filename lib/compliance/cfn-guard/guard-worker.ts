import type { PolicyViolation } from 'aws-cdk-lib';

/**
 * Source of the worker thread that runs cfn-guard for a list of templates (a BlockingWorkers
 * source: plain JavaScript with `workerData` and `post` in scope). Each job runs the stock validator
 * on one template with the rules that can match it, and posts its report.
 */
export const GUARD_WORKER_SOURCE = `
let CfnGuardValidator;
let loadError;
try {
  ({ CfnGuardValidator } = require(workerData.validatorModule));
} catch (error) {
  loadError = error;
}
for (const job of workerData.jobs) {
  let message;
  try {
    if (loadError) throw loadError;
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
  post(message);
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
