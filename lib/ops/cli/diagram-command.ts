import { DiagramOptions, renderDiagram } from '../diagram/diagram';
import { CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, parseFlags } from './common';

export const DIAGRAM_USAGE = `Usage: shipshape diagram [--tree cdk.out/tree.json] [--out docs/architecture.png] [--stage Prod|all]

Renders the synthesized app (run \`npx cdk synth -q\` first) to a PNG with cdk-dia and graphviz.

  --tree FILE      construct tree of the cloud assembly (default cdk.out/tree.json)
  --out FILE       PNG to write (default docs/architecture.png)
  --stage NAME     stage to draw, or "all" (default Prod)
  --no-collapse    draw every construct instead of the logical units
  -h, --help       this text
`;

export function parseDiagramArgs(argv: readonly string[]): DiagramOptions | 'help' {
  const v = parseFlags({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      tree: { type: 'string' },
      out: { type: 'string' },
      stage: { type: 'string' },
      'no-collapse': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) return 'help';
  const stage = v.stage ?? 'Prod';
  return {
    treePath: v.tree ?? 'cdk.out/tree.json',
    targetPath: v.out ?? 'docs/architecture.png',
    ...(stage === 'all' ? {} : { stage }),
    collapse: !v['no-collapse'],
  };
}

export async function diagramCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let options: ReturnType<typeof parseDiagramArgs>;
  try {
    options = parseDiagramArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`shipshape diagram: ${error.message}\n\n${DIAGRAM_USAGE}`);
    return EXIT_USAGE;
  }
  if (options === 'help') {
    io.stdout(DIAGRAM_USAGE);
    return EXIT_OK;
  }
  try {
    io.stdout(`diagram: wrote ${await renderDiagram(options)}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`shipshape diagram: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
