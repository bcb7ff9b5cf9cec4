import type { PolicyViolation } from 'aws-cdk-lib';

/**
 * Source of the worker thread that runs cfn-guard for a list of templates (a BlockingWorkers
 * source: plain JavaScript with `workerData` and `postReport` in scope). Each job runs the stock
 * validator on one template with the rules that can match it, and posts its report.
 */
export const GUARD_WORKER_SOURCE = `
for (const job of workerData.jobs) {
  postReport({ template: job.template }, () => {
    if (job.rules.length === 0) return { success: true, violations: [] };
    const { CfnGuardValidator } = require(workerData.validatorModule);
    return new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: job.rules,
      maxBuffer: workerData.maxBuffer,
    }).validate({ templatePaths: [job.template] });
  });
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
