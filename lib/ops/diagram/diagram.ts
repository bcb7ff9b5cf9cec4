import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
// The package root does not re-export CdkDia/Renderers; the CLI itself imports them from here.
import { CdkDia, Renderers } from 'cdk-dia/dist/src/cdk-dia';

export interface DiagramOptions {
  /** The synthesized cloud assembly's construct tree. @default 'cdk.out/tree.json' */
  readonly treePath: string;
  /** Where the PNG goes. @default 'docs/architecture.png' */
  readonly targetPath: string;
  /** Draw only this stage (Dev, Staging, Prod): the stages share a shape, one is readable. @default 'Prod' */
  readonly stage?: string;
  /** Collapse constructs into their logical units. @default true */
  readonly collapse: boolean;
}

interface TreeNode {
  readonly id: string;
  readonly path: string;
  readonly children?: Readonly<Record<string, TreeNode>>;
  readonly constructInfo?: { readonly fqn?: string };
}

interface TreeFile {
  readonly version: string;
  readonly tree: TreeNode;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The top-level constructs that are CDK Stages. */
export function stagesOf(tree: TreeFile): string[] {
  return Object.values(tree.tree.children ?? {})
    .filter((n) => n.constructInfo?.fqn === 'aws-cdk-lib.Stage')
    .map((n) => n.id);
}

/**
 * Keeps one stage of the tree. cdk-dia's own --include matches construct ids, which repeat in
 * every stage (Data, Service...), so the stage is chosen here instead.
 */
export function selectStage(tree: TreeFile, stage: string): TreeFile {
  const node = tree.tree.children?.[stage];
  if (!node) {
    const known = stagesOf(tree);
    throw new Error(`stage "${stage}" not in the tree (stages: ${known.length ? known.join(', ') : 'none'})`);
  }
  return { ...tree, tree: { ...tree.tree, children: { [stage]: node } } };
}

/** Renders the construct tree to a PNG with cdk-dia + graphviz `dot`; returns the PNG's path. */
export async function renderDiagram(options: DiagramOptions): Promise<string> {
  if (!existsSync(options.treePath)) {
    throw new Error(`${options.treePath} not found: run \`npx cdk synth -q\` first`);
  }
  const tree = JSON.parse(readFileSync(options.treePath, 'utf8')) as TreeFile;
  const selected = options.stage === undefined ? tree : selectStage(tree, options.stage);
  const work = mkdtempSync(path.join(tmpdir(), 'shipshape-diagram-'));
  try {
    const treeFile = path.join(work, 'tree.json');
    writeFileSync(treeFile, JSON.stringify(selected));
    // cdk-dia writes <target>.dot next to the PNG, then runs `dot -T png`; render in the work dir
    // and copy the PNG out, so docs/ receives only the picture.
    const workTarget = path.join(work, 'diagram.png');
    const cdkDiaBase = path.dirname(require.resolve('cdk-dia/package.json'));
    await new CdkDia().generateDiagram(
      treeFile,
      workTarget,
      options.collapse,
      true,
      cdkDiaBase,
      false,
      undefined,
      Renderers.GRAPHVIZ,
    );
    const png = readFileSync(workTarget);
    if (!png.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC))
      throw new Error('graphviz did not produce a PNG');
    writeFileSync(options.targetPath, png);
    return options.targetPath;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
