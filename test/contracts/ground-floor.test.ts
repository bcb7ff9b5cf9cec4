import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** lib/contracts/ is the ground floor: what several floors share, importing nothing above it. */
describe('lib/contracts imports nothing above it', () => {
  const dir = join(__dirname, '..', '..', 'lib', 'contracts');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  test.each(files)('%s', (file) => {
    const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/from\s+'([^']+)'/g)].map(
      (m) => m[1]!,
    );
    const outside = imports.filter(
      (i) => !i.startsWith('.') || relative(dir, resolve(dirname(join(dir, file)), i)).startsWith('..'),
    );
    expect(outside).toEqual([]);
  });
});
