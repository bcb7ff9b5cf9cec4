import type { PolicyValidationPluginReport } from 'aws-cdk-lib';

/**
 * Source of the worker thread that runs aws-cdk-lib's built-in CloudFormation validator on a batch
 * of stacks (a BlockingWorkers source: plain JavaScript with `workerData` and `postReport` in
 * scope). The stock plugin, unchanged, in its own engine: the report is the one the main thread
 * would get.
 */
export const VALIDATE_WORKER_SOURCE = `
postReport({ batch: workerData.batch }, () => {
  const { CloudFormationValidatePlugin } = require(workerData.cdkLib);
  return new CloudFormationValidatePlugin().validate({
    templatePaths: workerData.stacks.map((s) => s.templatePath),
    stackTemplates: workerData.stacks,
  });
});
`;

/** What the worker posts: the stock report for its batch, or why there is none. */
export interface ValidateBatchResult {
  readonly batch: string;
  readonly report?: PolicyValidationPluginReport;
  readonly error?: string;
}
