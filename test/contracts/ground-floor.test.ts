import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** lib/contracts/ is the ground floor: what several floors share, importing nothing above it. */
describe('lib/contracts imports nothing above it', () => {
  const dir = join(__dirname, '..', '..', 'lib', 'contracts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  test.each(files)('%s', (file) => {
    const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/from\s+'([^']+)'/g)].map(
      (m) => m[1]!,
    );
    expect(imports.filter((i) => !i.startsWith('./'))).toEqual([]);
  });
});
