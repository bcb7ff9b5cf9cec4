import type { Acknowledgement } from '../../compliance/acknowledgements';
import { acknowledgementsFor } from '../../compliance/acknowledgements';
import { validateConfigs } from '../../config';
import { addStages } from '../../stages/shipshape-app';
import { stageId } from '../../stages/stage-ids';
import { GATE_CONTEXT } from '../../stages/synthesize';
import { joinAudit } from './join';
import type { AuditResult } from './model';
import { cdkJsonContext, synthesizeForAudit } from './synth';

/**
 * Synthesizes every stage of the app under every engine, exactly as `synthesize()` does for `cdk
 * synth` (same stages, engines, acknowledgements, gate context and cdk.json feature flags), into
 * `outdir`, and joins the report with the register and the acknowledgements.
 */
export function auditApp(options: {
  /** Raw config of each environment (what bin/app.ts hands `synthesize`). */
  readonly environments: Readonly<Record<string, unknown>>;
  readonly root: string;
  readonly outdir: string;
  /** Audit one environment only. */
  readonly only?: string;
  readonly today?: Date;
}): AuditResult {
  const today = options.today ?? new Date();
  const configs = validateConfigs(options.environments);
  const configured = new Map<string, readonly Acknowledgement[]>(
    Object.entries(configs)
      .filter(([name]) => options.only === undefined || name === options.only)
      .map(([name, config]) => [stageId(name), acknowledgementsFor(config)]),
  );
  const synthesis = synthesizeForAudit({
    outdir: options.outdir,
    context: cdkJsonContext(options.root),
    postCliContext: { ...GATE_CONTEXT },
    build: (app) => addStages(app, configs, options.only === undefined ? {} : { only: options.only }),
  });
  return joinAudit({ synthesis, mode: 'app', root: options.root, configured, today });
}
