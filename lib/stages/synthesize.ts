import { App, type AppProps } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT } from 'aws-cdk-lib/cx-api';
import { spyOnNagAcknowledgements } from '../compliance/nag-acknowledged';
import { ConfigError, validateConfigs } from '../config';
import { addStages, UnknownEnvironmentError } from './shipshape-app';
import { sourceFingerprint, writeSynthRecord } from './synth-record';

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

/** What bin/app.ts hands over: raw config inputs and the values it read from context. */
export interface SynthesizeOptions {
  /** Raw (unvalidated) config of each environment. */
  readonly environments: Readonly<Record<string, unknown>>;
  /** `-c env=<name>`, when given. */
  readonly only?: string;
  /** Passed to the App (tests set outdir). */
  readonly appProps?: AppProps;
}

/**
 * Validates every environment before any construct exists, then builds and synthesizes the app,
 * and records what it applied beside the templates (`shipshape-synth.json`, read by the audit).
 * Returns the process exit code; on a config mistake prints one message listing every problem
 * and writes nothing.
 */
export function synthesize(options: SynthesizeOptions): number {
  const spy = spyOnNagAcknowledgements();
  const fingerprint = sourceFingerprint();
  try {
    const configs = validateConfigs(options.environments);
    const app = new App({
      ...options.appProps,
      postCliContext: { ...options.appProps?.postCliContext, ...GATE_CONTEXT, ...PROCESS_MODE_CONTEXT },
    });
    addStages(app, configs, { only: options.only });
    app.synth();
    writeSynthRecord(app, {
      fingerprint,
      nagAcknowledged: spy.findings,
      ...(options.only === undefined ? {} : { only: options.only }),
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnknownEnvironmentError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    spy.restore();
  }
  const code = process.exitCode === undefined ? 0 : Number(process.exitCode);
  if (code !== 0) {
    console.error(
      'Shipshape: the compliance gate refused this synthesis (findings above, report in validation-report.json); nothing may deploy.',
    );
  }
  return code;
}
