import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderDiagram, selectStage, stagesOf } from '../../lib/ops/diagram/diagram';

// A tree.json synthesized from a two-stage app (Dev, Prod; stacks Data and Monitoring).
const TREE = path.join(__dirname, 'fixtures', 'tree.json');

describe('diagram', () => {
  const tree = JSON.parse(readFileSync(TREE, 'utf8'));

  test('finds the stages and keeps only the chosen one', () => {
    expect(stagesOf(tree)).toEqual(['Dev', 'Prod']);
    expect(Object.keys(selectStage(tree, 'Prod').tree.children!)).toEqual(['Prod']);
    expect(() => selectStage(tree, 'Staging')).toThrow('stage "Staging" not in the tree (stages: Dev, Prod)');
  });

  test('renders a PNG with cdk-dia and graphviz', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-dia-'));
    try {
      const out = path.join(dir, 'architecture.png');
      await renderDiagram({ treePath: TREE, targetPath: out, stage: 'Prod', collapse: true });
      const png = readFileSync(out);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing tree names the synth command', async () => {
    await expect(
      renderDiagram({ treePath: '/nonexistent/tree.json', targetPath: '/tmp/x.png', collapse: true }),
    ).rejects.toThrow('run `npx cdk synth -q` first');
  });
});
