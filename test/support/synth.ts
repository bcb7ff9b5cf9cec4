import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { environments } from '../../config';
import { type ShipshapeConfig, validateConfigs } from '../../lib/config';
import { addStages } from '../../lib/stages/shipshape-app';
import type { ShipshapeStage } from '../../lib/stages/shipshape-stage';

/** Feature flags exactly as cdk.json sets them for the real app. */
export const CDK_CONTEXT = (
  JSON.parse(readFileSync(join(__dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

/** The validated configs of the committed environments. */
export const CONFIGS: Record<string, ShipshapeConfig> = validateConfigs(environments);

/** One synthesized app, shared by every test of a file. */
export interface Synthesized {
  readonly app: App;
  readonly stages: Record<string, ShipshapeStage>;
  readonly assembly: CloudAssembly;
  /** Template of a stack, read from the assembly (no second synth, no second validation). */
  template(environment: string, stack: string): Template;
}

/**
 * Synthesizes the app once. With `engines: true` (compliance tests) every engine runs, the built-in
 * CloudFormation validator included; shape tests pass `engines: false` and skip ~3 s of validator
 * start-up and the packs, because the compliance test covers those on the same code.
 */
export function synthesize(options: {
  engines: boolean;
  configs?: Record<string, ShipshapeConfig>;
}): Synthesized {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'shipshape-test-')),
    context: CDK_CONTEXT,
    builtinCloudFormationValidation: options.engines,
  });
  const configs = options.configs ?? CONFIGS;
  const stageList = addStages(app, configs, { engines: options.engines });
  const assembly = app.synth();
  const stages = Object.fromEntries(Object.keys(configs).map((env, i) => [env, stageList[i]!]));
  return {
    app,
    stages,
    assembly,
    template(environment, stack) {
      const stage = stages[environment];
      if (!stage) throw new Error(`no stage for ${environment}`);
      const stackConstruct = stage.node.findChild(stack) as import('aws-cdk-lib').Stack;
      const nested = assembly.getNestedAssembly(stage.artifactId);
      return Template.fromJSON(nested.getStackArtifact(stackConstruct.artifactId).template);
    },
  };
}
