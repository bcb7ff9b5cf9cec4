// Compares the templates of two cloud assemblies (e.g. cdk.out of the commit before a refactoring
// and after it): every stack of every stage, resource by resource, outputs, parameters and rules.
// Prints what differs and exits 1 if anything does; asset hashes are compared as they are (a
// changed bundle is a change).
// Run: npx tsx bench/compare-assemblies.ts <before cdk.out> <after cdk.out>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

type Template = Record<string, Record<string, unknown> | undefined>;

function templates(dir: string): Map<string, Template> {
  const found = new Map<string, Template>();
  for (const nested of readdirSync(dir).filter((d) => d.startsWith('assembly-'))) {
    for (const file of readdirSync(join(dir, nested)).filter((f) => f.endsWith('.template.json'))) {
      found.set(`${nested}/${file}`, JSON.parse(readFileSync(join(dir, nested, file), 'utf8')) as Template);
    }
  }
  return found;
}

const [before, after] = process.argv.slice(2);
if (!before || !after || !existsSync(before) || !existsSync(after)) {
  console.error('usage: npx tsx bench/compare-assemblies.ts <before cdk.out> <after cdk.out>');
  process.exit(2);
}
const a = templates(before);
const b = templates(after);
const lines: string[] = [];
for (const name of new Set([...a.keys(), ...b.keys()])) {
  const x = a.get(name);
  const y = b.get(name);
  if (!x || !y) {
    lines.push(`${name}: ${x ? 'removed' : 'added'}`);
    continue;
  }
  for (const section of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const sx = x[section] ?? {};
    const sy = y[section] ?? {};
    for (const id of new Set([...Object.keys(sx), ...Object.keys(sy)])) {
      if (!isDeepStrictEqual(sx[id], sy[id])) {
        const what = !(id in sx) ? 'added' : !(id in sy) ? 'removed' : 'changed';
        lines.push(`${name}: ${section}.${id} ${what}`);
      }
    }
  }
}
console.log(`${a.size} templates before, ${b.size} after; ${lines.length} difference(s)`);
for (const line of lines) console.log(`  ${line}`);
process.exit(lines.length === 0 ? 0 : 1);
