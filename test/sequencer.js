// Runs the test files that do not read the shared cloud assembly first. The assembly is synthesized
// in the background by test/global-setup.ts, and a file that reads it waits for it: on a fresh
// clone (no timing history yet) Jest would otherwise start with the largest files, which are stack
// tests that wait, and leave the other workers idle behind them. Within each group, Jest's own
// order stands (slowest first once timings are known).
const { readFileSync, existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ASSEMBLY = resolve(__dirname, 'support/assembly.ts');

/** Whether a test file imports (directly or through test/ helpers) test/support/assembly.ts. */
function readsAssembly(file, seen = new Map()) {
  if (seen.has(file)) return seen.get(file);
  seen.set(file, false);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  for (const [, spec] of text.matchAll(/from '(\.[^']+)'|require\(`?'?(\.[^'`)]+)/g)) {
    if (!spec) continue;
    const base = resolve(dirname(file), spec);
    const target = [base, `${base}.ts`, `${base}/index.ts`].find((p) => existsSync(p) && p.endsWith('.ts'));
    if (!target?.startsWith(__dirname)) continue;
    if (target === ASSEMBLY || readsAssembly(target, seen)) {
      seen.set(file, true);
      return true;
    }
  }
  return false;
}

class AssemblyLastSequencer extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    const seen = new Map();
    const first = ordered.filter((t) => !readsAssembly(t.path, seen));
    const last = ordered.filter((t) => readsAssembly(t.path, seen));
    return [...first, ...last];
  }
}

module.exports = AssemblyLastSequencer;
