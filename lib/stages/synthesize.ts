import type { AppProps } from 'aws-cdk-lib';
import { ConfigError, type ShipshapeConfig, validateConfigs } from '../config';
import { GATE_CONTEXT, PROCESS_MODE_CONTEXT } from './gate-context';
import { checkSelection, UnknownEnvironmentError } from './stage-ids';
import { sourceFingerprint, writeSynthRecord } from './synth-record';

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
  const fingerprint = sourceFingerprint();
  let configs: Record<string, ShipshapeConfig>;
  try {
    configs = validateConfigs(options.environments);
    checkSelection(Object.keys(configs), options.only);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UnknownEnvironmentError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  // The construct libraries, cdk-nag and the app load only now: a config mistake is reported in
  // about a second, before any of them (a second and a half of start-up) has loaded.
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { spyOnNagAcknowledgements } =
    require('../compliance/nag-acknowledged') as typeof import('../compliance/nag-acknowledged');
  const { addStages } = require('./shipshape-app') as typeof import('./shipshape-app');
  const spy = spyOnNagAcknowledgements();
  try {
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
