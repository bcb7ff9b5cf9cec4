import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * lib/contracts/ is the ground floor: what several floors share (the Lambda code included), importing
 * nothing above it. Packages may appear only as `import type`, which leaves nothing behind at run time.
 */
describe('lib/contracts imports nothing above it', () => {
  const dir = join(__dirname, '..', '..', 'lib', 'contracts');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  test.each(files)('%s', (file) => {
    const statements = [
      ...readFileSync(join(dir, file), 'utf8').matchAll(
        /^(import|export)(\s+type)?\b[^;]*?from\s+'([^']+)'/gms,
      ),
    ].map((m) => ({ typeOnly: m[2] !== undefined, from: m[3]! }));
    const outside = statements.filter(({ typeOnly, from }) =>
      from.startsWith('.')
        ? relative(dir, resolve(dirname(join(dir, file)), from)).startsWith('..')
        : !typeOnly,
    );
    expect(outside).toEqual([]);
  });
});
