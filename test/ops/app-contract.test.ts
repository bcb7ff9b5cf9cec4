import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RATE_LIMIT_RESPONSE } from '../../lib/contracts/rate-limit-response';
import { REDACTED_HEADERS } from '../../lib/constructs/edge/edge-firewall';
import { CONFIGS } from '../support/synth';

const CONTRACT = readFileSync(join(__dirname, '../../docs/app-contract.md'), 'utf8');
/** Markdown table cells escape `|`; compare the text as a reader sees it. */
const text = CONTRACT.replace(/\\\|/g, '|');

// What the stacks count, probe or configure in front of the app must be in the app's contract, in
// the words the stacks use: a log pattern changed in config and not in the contract is an alarm that
// never fires.
describe('docs/app-contract.md states what the stacks rely on', () => {
  test.each(Object.keys(CONFIGS))('%s: the log patterns the error and auth-failure alarms count', (env) => {
    const { errors, authFailures } = CONFIGS[env]!.monitoring.logPatterns;
    expect(text).toContain(errors);
    expect(text).toContain(authFailures);
  });

  test('the fields those patterns read: level and event', () => {
    for (const field of ['`level`', '`event`', '"auth_failure"']) expect(text).toContain(field);
  });

  test('the API key header the WAF redacts, and the rate-limit answer', () => {
    for (const header of REDACTED_HEADERS) expect(text.toLowerCase()).toContain(header);
    expect(text).toContain(`${RATE_LIMIT_RESPONSE.statusCode} with \`Retry-After\``);
  });

  test('every health path, the target-group path and the container port of the committed stages', () => {
    for (const config of Object.values(CONFIGS)) {
      for (const path of config.service.healthPaths) expect(text).toContain(`\`${path}\``);
      expect(text).toContain(config.service.healthCheckPath);
      expect(text).toContain(String(config.service.containerPort));
    }
  });
});
