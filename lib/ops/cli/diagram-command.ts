import { type DiagramOptions, renderDiagrams } from '../diagram/diagram';
import { type CliIo, EXIT_FAILED, EXIT_OK, parseFlags, UsageError } from './common';
import { readCommandLine } from './command-line';

export const DIAGRAM_USAGE = `Usage: shipshape diagram [--stage Prod] [--stack NAME ...] [--out docs/architecture]

Renders the synthesized app (run \`npx cdk synth -q\` first) with cdk-dia and graphviz: one PNG per
stack, <out>/<stage>-<stack>.png (a whole stage is too wide to read).

  --tree FILE      construct tree of the cloud assembly (default cdk.out/tree.json)
  --out DIR        directory of the PNGs (default docs/architecture)
  --stage NAME     stage to draw (default Prod)
  --stack NAME     stack to draw, repeatable (default every stack of the stage)
  --dpi N          resolution (default 96)
  --no-collapse    draw every construct instead of the logical units
  -h, --help       this text
`;

export function parseDiagramArgs(argv: readonly string[]): DiagramOptions | 'help' {
  const v = parseFlags(argv, {
    tree: { type: 'string' },
    out: { type: 'string' },
    stage: { type: 'string' },
    stack: { type: 'string', multiple: true },
    dpi: { type: 'string' },
    'no-collapse': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) return 'help';
  const dpi = v.dpi === undefined ? 96 : Number(v.dpi);
  if (!Number.isInteger(dpi) || dpi < 36 || dpi > 300) {
    throw new UsageError(`--dpi must be a whole number from 36 to 300, got "${v.dpi}"`);
  }
  return {
    treePath: v.tree ?? 'cdk.out/tree.json',
    outDir: v.out ?? 'docs/architecture',
    stage: v.stage ?? 'Prod',
    ...(v.stack === undefined ? {} : { stacks: v.stack }),
    collapse: !v['no-collapse'],
    dpi,
  };
}

export async function diagramCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine('diagram', DIAGRAM_USAGE, io, () => parseDiagramArgs(argv));
  if ('exit' in line) return line.exit;
  const options = line.args;
  try {
    for (const file of await renderDiagrams(options)) io.stdout(`diagram: wrote ${file}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`shipshape diagram: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
