import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';

/**
 * The app enforces its own compliance gate. The CDK CLI asks apps not to fail on validation
 * errors (it reads validation-report.json itself), but it filters that report to the stacks it
 * selected, and a plain `cdk synth` of an app made only of Stages selects none: every finding
 * would pass. So the app fails synthesis itself on any unacknowledged error or warning.
 */
export const GATE_CONTEXT = {
  '@aws-cdk/core:failSynthOnValidationErrors': true,
  '@aws-cdk/core:strictCfnValidateErrors': true,
} as const;

/**
 * Run as a process: on a failed gate aws-cdk-lib prints the report and sets the exit code instead
 * of throwing, so `cdk synth` ends with the findings and exit 1, not with a Node stack trace.
 */
export const PROCESS_MODE_CONTEXT = { [CDK_APP_MODE_CONTEXT]: 'process' } as const;
