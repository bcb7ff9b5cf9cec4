// The baseline for synth benchmarks: the smallest app the built-in validator accepts (an empty
// stack fails its F0001 rule), with the same feature flags as the real app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

const { context } = JSON.parse(readFileSync(join(__dirname, '../cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const app = new App({ context });
new sns.Topic(new Stack(app, 'Empty', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Topic');
app.synth();
