import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsDiagramGenerator, AwsEdgeResolver, AwsIconSupplier, Graphviz, TreeJsonLoader } from 'cdk-dia';

export interface DiagramOptions {
  /** The synthesized cloud assembly's construct tree. @default 'cdk.out/tree.json' */
  readonly treePath: string;
  /** Directory the PNGs go to, one per stack: `<stage>-<stack>.png`. @default 'docs/architecture' */
  readonly outDir: string;
  /** The stage to draw (Dev, Staging, Prod): the stages share a shape. @default 'Prod' */
  readonly stage: string;
  /** Stacks to draw (construct ids, e.g. Service). @default - every stack of the stage */
  readonly stacks?: readonly string[];
  /** Collapse constructs into their logical units. @default true */
  readonly collapse: boolean;
  /**
   * Resolution of the PNG. cdk-dia renders at 200 dpi; a whole stage then exceeds graphviz's
   * 32,767 px limit and one stack is 9,000 px wide. At 96 dpi the largest stack fits a screen width
   * or two and stays readable when zoomed. @default 96
   */
  readonly dpi?: number;
}

interface TreeNode {
  readonly id: string;
  readonly path: string;
  readonly children?: Readonly<Record<string, TreeNode>>;
  readonly constructInfo?: { readonly fqn?: string };
}

export interface TreeFile {
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

/** The stacks of a stage, by construct id. */
export function stacksOf(tree: TreeFile, stage: string): string[] {
  return Object.values(selectStage(tree, stage).tree.children?.[stage]?.children ?? {})
    .filter((n) => n.constructInfo?.fqn === 'aws-cdk-lib.Stack')
    .map((n) => n.id);
}

/**
 * Keeps one stage of the tree (and, when given, one stack of it). cdk-dia's own --include matches
 * construct ids, which repeat in every stage (Data, Service...), so the choice is made here instead.
 */
export function selectStage(tree: TreeFile, stage: string, stack?: string): TreeFile {
  const node = tree.tree.children?.[stage];
  if (!node) {
    const known = stagesOf(tree);
    throw new Error(`stage "${stage}" not in the tree (stages: ${known.length ? known.join(', ') : 'none'})`);
  }
  if (stack === undefined) return { ...tree, tree: { ...tree.tree, children: { [stage]: node } } };
  const stackNode = node.children?.[stack];
  if (!stackNode) {
    const known = Object.keys(node.children ?? {}).filter((k) => node.children?.[k]?.children);
    throw new Error(`stack "${stack}" not in stage ${stage} (stacks: ${known.join(', ')})`);
  }
  return {
    ...tree,
    tree: { ...tree.tree, children: { [stage]: { ...node, children: { [stack]: stackNode } } } },
  };
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Renders each stack of a stage to its own PNG with cdk-dia and graphviz `dot`; returns the paths.
 * One picture per stack: a whole stage is too wide to read.
 */
export async function renderDiagrams(options: DiagramOptions): Promise<string[]> {
  if (!existsSync(options.treePath)) {
    throw new Error(`${options.treePath} not found: run \`npx cdk synth -q\` first`);
  }
  const tree = JSON.parse(readFileSync(options.treePath, 'utf8')) as TreeFile;
  const stacks = options.stacks ?? stacksOf(tree, options.stage);
  mkdirSync(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const stack of stacks) {
    const target = path.join(options.outDir, `${options.stage}-${stack}.png`);
    await renderOne(selectStage(tree, options.stage, stack), target, options);
    written.push(target);
  }
  return written;
}

async function renderOne(selected: TreeFile, target: string, options: DiagramOptions): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'shipshape-diagram-'));
  try {
    const treeFile = path.join(work, 'tree.json');
    writeFileSync(treeFile, JSON.stringify(selected));
    // cdk-dia's own pipeline (CdkDia.generateDiagram), up to the .dot file: its PNG would be drawn
    // at 200 dpi, which costs more than the picture that is kept, and then thrown away.
    const cdkDiaBase = path.dirname(require.resolve('cdk-dia/package.json'));
    const diagram = new AwsDiagramGenerator(new AwsEdgeResolver(), new AwsIconSupplier(cdkDiaBase)).generate(
      TreeJsonLoader.load(treeFile),
      options.collapse,
      true,
      false,
      undefined,
    );
    new Graphviz().renderToDot(diagram, path.join(work, 'diagram.dot'));
    execFileSync(
      'dot',
      ['-Tpng', `-Gdpi=${options.dpi ?? 96}`, '-o', target, path.join(work, 'diagram.dot')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    if (!readFileSync(target).subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
      throw new Error('graphviz did not produce a PNG');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
