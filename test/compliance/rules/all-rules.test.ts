/**
 * Every rule's tests (`<RuleName>.rule-test.ts`, one per rule file of lib/compliance/rules) in one
 * Jest test file: each file builds its own App, and loading aws-cdk-lib and cdk-nag once for all
 * of them instead of once per rule saves most of their run time.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const ruleTests = readdirSync(__dirname)
  .filter((f) => f.endsWith('.rule-test.ts'))
  .sort();
for (const file of ruleTests) require(`./${file}`);

test('every rule file of lib/compliance/rules has its rule-test file here, and nothing else does', () => {
  const rulesDir = join(__dirname, '..', '..', '..', 'lib', 'compliance', 'rules');
  const rules = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.startsWith('utils') && basename(f) !== 'index.ts')
    .map((f) => basename(f, '.ts'))
    .sort();
  expect(ruleTests.map((f) => basename(f, '.rule-test.ts'))).toEqual(rules);
});
