/**
 * Every rule's tests (`<RuleName>.rule-test.ts`, one per rule file of lib/compliance/rules) in one
 * Jest test file: each file builds its own App, and loading aws-cdk-lib and cdk-nag once for all
 * of them instead of once per rule saves most of their run time.
 */
import { readdirSync } from 'node:fs';

for (const file of readdirSync(__dirname)
  .filter((f) => f.endsWith('.rule-test.ts'))
  .sort()) {
  require(`./${file}`);
}
