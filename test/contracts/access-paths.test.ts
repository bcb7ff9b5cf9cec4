import { join } from 'node:path';
import { environments } from '../../config';
import { ACCESS_PATHS } from '../../lib/contracts/access-paths';
import { validateConfigs } from '../../lib/config';
import { stageArtifacts } from '../support/assembly';
import { stageModel } from '../support/cfn/stage-model';
import {
  evaluatePath,
  hasFeature,
  negativeControl,
  type PathVerdict,
  writeVerdicts,
} from '../support/iam/verdicts';

/*
 * Every row of the access-path table (lib/contracts/access-paths.ts), evaluated with iam-simulate
 * over the synthesized templates of every stage: identity policies of the caller's role, the
 * target's resource policy (topic, queue, bucket, secret, repository, Lambda permissions), the key
 * policy for KMS calls. An allowed path also gets a negative control: the same request over a copy
 * of the templates without the statements that granted it must be denied.
 */

const CONFIGS = validateConfigs(environments);
const ROOT = join(__dirname, '..', '..');

describe.each(Object.keys(CONFIGS))('access paths of %s', (environment) => {
  const config = CONFIGS[environment]!;
  const model = stageModel(environment, stageArtifacts(environment));
  const rows = ACCESS_PATHS.filter((p) => hasFeature(config, p.requires));
  const verdicts: PathVerdict[] = [];

  afterAll(() => writeVerdicts(ROOT, environment, verdicts));

  test.each(rows.map((p) => [p.id, p] as const))('%s', async (_id, path) => {
    const verdict = await evaluatePath(model, path);
    verdicts.push(verdict);
    expect(verdict.wiringProblems).toEqual([]);
    expect(verdict.requests.filter((r) => !r.ok).map((r) => `${path.expect} expected: ${r.line}`)).toEqual(
      [],
    );
    if (path.expect === 'allow') {
      const control = await negativeControl(model, verdict.requests[0]!);
      expect({ removed: control.removed.length > 0, decision: control.decision, line: control.line }).toEqual(
        {
          removed: true,
          decision: expect.stringMatching(/Denied$/),
          line: expect.any(String),
        },
      );
    }
  });
});
