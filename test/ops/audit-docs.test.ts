import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AREAS } from '../../lib/compliance/checklist';
import { REGISTER, registerStatus } from '../../lib/compliance/register';
import { markdownAnchors } from '../../lib/compliance/register/markdown-anchors';
import { SECURITY_DOC_COMMAND, SECURITY_DOC_PATH, securityDoc } from '../../lib/ops/audit/security-doc';
import { auditCommand } from '../../lib/ops/cli/audit';
import { EXIT_OK } from '../../lib/ops/cli/common';

const ROOT = join(__dirname, '../..');
const generated = securityDoc();

describe('docs/security.md (LEG-02)', () => {
  test('docs/security.md is what the generator writes from the register now', () => {
    const committed = existsSync(join(ROOT, SECURITY_DOC_PATH))
      ? readFileSync(join(ROOT, SECURITY_DOC_PATH), 'utf8')
      : '';
    if (committed !== generated) {
      throw new Error(
        `${SECURITY_DOC_PATH} is stale or missing: run \`${SECURITY_DOC_COMMAND}\` and commit the result`,
      );
    }
    expect(committed).toBe(generated);
  });

  test('every checklist id has a section with its status, grouped under its area', () => {
    for (const title of Object.values(AREAS)) expect(generated).toContain(`\n## ${title}\n`);
    for (const entry of REGISTER) {
      expect(generated).toContain(`### ${entry.id}: ${entry.requirement}`);
      expect(generated).toMatch(
        new RegExp(`\\| \\[${entry.id}\\]\\(#[^)]+\\) \\| ${registerStatus(entry)} \\|`),
      );
    }
  });

  test('every link resolves: relative files exist, in-page anchors exist, anchors in other docs exist', () => {
    const anchors = markdownAnchors(generated);
    const links = [...generated.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(100);
    for (const link of links) {
      const [file, anchor] = link.split('#') as [string, string | undefined];
      if (file === '') {
        expect([link, anchors.has(anchor!)]).toEqual([link, true]);
        continue;
      }
      const path = join(ROOT, 'docs', file);
      expect([link, existsSync(path)]).toEqual([link, true]);
      if (anchor)
        expect([link, markdownAnchors(readFileSync(path, 'utf8')).has(anchor)]).toEqual([link, true]);
    }
  });

  test(`\`${SECURITY_DOC_COMMAND}\` writes it (and synthesizes nothing)`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'shipshape-docs-'));
    mkdirSync(dirname(join(root, SECURITY_DOC_PATH)), { recursive: true });
    const out: string[] = [];
    const code = await auditCommand(
      ['--write-docs'],
      { stdout: (t) => out.push(t), stderr: (t) => out.push(t), stderrIsTty: false },
      { root, environments: {} },
    );
    expect(code).toBe(EXIT_OK);
    expect(out.join('')).toBe(`audit: wrote ${SECURITY_DOC_PATH}\n`);
    expect(readFileSync(join(root, SECURITY_DOC_PATH), 'utf8')).toBe(generated);
    expect(existsSync(join(root, 'cdk.out'))).toBe(false);
  });
});
