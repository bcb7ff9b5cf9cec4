import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pngSize, renderDiagrams, selectStage, stacksOf, stagesOf } from '../../lib/ops/diagram/diagram';
import { readyAssembly } from '../support/assembly';

/** The run's shared cloud assembly (waits for the background synthesis). */
const ASSEMBLY_DIR = readyAssembly();

// A tree.json synthesized from a two-stage app (Dev, Prod; stacks Data and Monitoring).
const TREE = path.join(__dirname, 'fixtures', 'tree.json');

describe('diagram', () => {
  const tree = JSON.parse(readFileSync(TREE, 'utf8'));

  test('finds the stages and stacks, and keeps only the chosen ones', () => {
    expect(stagesOf(tree)).toEqual(['Dev', 'Prod']);
    expect(stacksOf(tree, 'Prod')).toEqual(['Data', 'Monitoring']);
    expect(Object.keys(selectStage(tree, 'Prod').tree.children!)).toEqual(['Prod']);
    expect(Object.keys(selectStage(tree, 'Prod', 'Data').tree.children!.Prod!.children!)).toEqual(['Data']);
    expect(() => selectStage(tree, 'Staging')).toThrow('stage "Staging" not in the tree (stages: Dev, Prod)');
    expect(() => selectStage(tree, 'Prod', 'Edge')).toThrow('stack "Edge" not in stage Prod');
  });

  test('the largest stack of the real app renders as a PNG a screen can show', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-dia-'));
    try {
      const [out] = await renderDiagrams({
        treePath: path.join(ASSEMBLY_DIR, 'tree.json'),
        outDir: dir,
        stage: 'Prod',
        stacks: ['Service'],
        collapse: true,
      });
      expect(out).toBe(path.join(dir, 'Prod-Service.png'));
      const png = readFileSync(out!);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // The whole stage at cdk-dia's 200 dpi was 32,767 px wide (graphviz's limit).
      const { width, height } = pngSize(png);
      expect(width).toBeLessThan(5000);
      expect(height).toBeLessThan(5000);
      expect(width * height).toBeGreaterThan(500 * 500);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing tree names the synth command', async () => {
    await expect(
      renderDiagrams({ treePath: '/nonexistent/tree.json', outDir: '/tmp', stage: 'Prod', collapse: true }),
    ).rejects.toThrow('run `npx cdk synth -q` first');
  });
});
