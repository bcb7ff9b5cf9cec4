import { validateConfigs } from '../../config';
import { addStages } from '../../stages/shipshape-app';
import { GATE_CONTEXT } from '../../stages/gate-context';
import { staleReason } from '../../stages/synth-record';
import { joinAudit } from './join';
import type { AuditResult } from './model';
import { type AuditSynthesis, cdkJsonContext, readAssemblyForAudit, synthesizeForAudit } from './synth';

/** How the audit came by its cloud assembly. */
export interface AssemblySource {
  /** `reused`: an assembly stamped with the current sources was read; `synthesized`: made now. */
  readonly kind: 'reused' | 'synthesized';
  readonly outdir: string;
  /** Why an existing assembly could not be reused (when synthesized). */
  readonly why?: string;
}

/**
 * Synthesizes every stage of the app under every engine, exactly as `synthesize()` does for `cdk
 * synth` (same stages, engines, acknowledgements, gate context and cdk.json feature flags), into
 * `outdir`, and joins the report with the register and the acknowledgements. With `reuse`, an
 * assembly already in `outdir` that the app synthesized from the current sources (every stage, every
 * engine) is read instead of synthesized again: it is the same output.
 */
export function auditApp(options: {
  /** Raw config of each environment (what bin/app.ts hands `synthesize`). */
  readonly environments: Readonly<Record<string, unknown>>;
  readonly root: string;
  readonly outdir: string;
  /** Audit one environment only. */
  readonly only?: string;
  readonly today?: Date;
  /** Read a current assembly in `outdir` instead of synthesizing. @default false */
  readonly reuse?: boolean;
  /** Called once the assembly is known, before the join. */
  readonly onAssembly?: (source: AssemblySource) => void;
}): AuditResult & { readonly source: AssemblySource } {
  const today = options.today ?? new Date();
  const configs = validateConfigs(options.environments);
  const why =
    options.reuse && options.only === undefined
      ? staleReason(options.outdir, options.root)
      : 'not asked to reuse';
  let synthesis: AuditSynthesis;
  let source: AssemblySource;
  if (options.reuse && why === undefined) {
    source = { kind: 'reused', outdir: options.outdir };
    options.onAssembly?.(source);
    synthesis = readAssemblyForAudit(options.outdir);
  } else {
    source = { kind: 'synthesized', outdir: options.outdir, ...(options.reuse ? { why } : {}) };
    options.onAssembly?.(source);
    synthesis = synthesizeForAudit({
      outdir: options.outdir,
      context: cdkJsonContext(options.root),
      postCliContext: { ...GATE_CONTEXT },
      build: (app) => addStages(app, configs, options.only === undefined ? {} : { only: options.only }),
      record: options.only === undefined ? {} : { only: options.only },
    });
  }
  return { ...joinAudit({ synthesis, mode: 'app', root: options.root, today }), source };
}
