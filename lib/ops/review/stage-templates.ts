import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CloudFormation template, as JSON. */
export type Template = { readonly Resources?: Record<string, unknown> } & Record<string, unknown>;

/** One stack of a stage in a cloud assembly. */
export interface StageStack {
  /** The stack's path in the app, e.g. `Prod/Data`. */
  readonly displayName: string;
  /** The deployed stack's name, e.g. `Prod-Data`. */
  readonly stackName: string;
  readonly template: Template;
  /**
   * The stack's region, when the manifest names one (a CDN's `<Stage>-CdnEdge` is in us-east-1).
   * @default - none: the caller's region
   */
  readonly region?: string;
}

interface Manifest {
  readonly artifacts?: Record<
    string,
    {
      readonly type: string;
      readonly displayName?: string;
      /** `aws://<account>/<region>`. */
      readonly environment?: string;
      readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
    }
  >;
}

/** No such stage, or not a cloud assembly: the message says what was looked for. */
export class AssemblyError extends Error {}

/**
 * The stacks of one stage from a cloud assembly directory (`cdk.out`), in the manifest's order
 * (CDK writes dependencies first). Reads the nested assembly `assembly-<Stage>`.
 */
export function stageStacks(assemblyDir: string, stage: string): StageStack[] {
  const dir = join(assemblyDir, `assembly-${stage}`);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new AssemblyError(
      `${assemblyDir} has no stage "${stage}" (no assembly-${stage}/manifest.json); synthesize first (npx cdk synth)`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.values(manifest.artifacts ?? {})
    .filter((a) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
    .map((a) => {
      const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(a.environment ?? '')?.[1];
      return {
        displayName: a.displayName ?? a.properties!.stackName!,
        stackName: a.properties!.stackName ?? a.displayName!,
        template: JSON.parse(readFileSync(join(dir, a.properties!.templateFile!), 'utf8')) as Template,
        ...(region !== undefined && region !== 'unknown-region' ? { region } : {}),
      };
    });
}
