import { CloudFormationValidatePlugin, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { ParallelCfnGuardValidator } from '../../compliance/cfn-guard/parallel-validator';

/** One engine's validate() call: its plugin name, the stacks it saw and how long it took. */
export interface EngineRun {
  readonly engine: string;
  readonly templates: number;
  readonly millis: number;
}

type Validate = IPolicyValidationPlugin['validate'];
interface HasValidate {
  validate: Validate;
}

/**
 * Watches every engine's validate() (cdk-nag packs with ProductionReadiness, cfn-guard, the built-in
 * CloudFormation validator) until `stop()`: `onStart` before and `onEnd` after each call. Used for
 * progress on a terminal and by the benchmarks; the engines themselves are untouched.
 */
export function watchEngines(handlers: {
  readonly onStart?: (engine: string, templates: number) => void;
  readonly onEnd?: (run: EngineRun) => void;
}): { stop(): void } {
  const prototypes = [
    NagPack.prototype,
    ParallelCfnGuardValidator.prototype,
    CloudFormationValidatePlugin.prototype,
  ] as unknown as HasValidate[];
  const originals = prototypes.map((p) => p.validate);
  prototypes.forEach((proto, i) => {
    const original = originals[i]!;
    proto.validate = function (this: IPolicyValidationPlugin, context) {
      const templates = context.templatePaths.length;
      handlers.onStart?.(this.name, templates);
      const started = process.hrtime.bigint();
      try {
        return original.call(this, context);
      } finally {
        handlers.onEnd?.({
          engine: this.name,
          templates,
          millis: Number(process.hrtime.bigint() - started) / 1e6,
        });
      }
    };
  });
  return {
    stop() {
      prototypes.forEach((proto, i) => {
        proto.validate = originals[i]!;
      });
    },
  };
}
