// The app with N stages for the growth benchmark: staging and copies of it under other names
// (Staging2, Staging3, ...), in this bench only. Synthesized like bin/app.ts does.
// Run: STAGES=6 CDK_OUTDIR=<dir> CDK_CONTEXT_JSON=<cdk.json context> npx tsx bench/stages-app.ts
import { environments } from '../config';
import { synthesize } from '../lib/stages/synthesize';

const count = Number(process.env.STAGES ?? '1');
if (!Number.isInteger(count) || count < 1)
  throw new Error(`STAGES must be a whole number >= 1, got ${process.env.STAGES}`);
const copies: Record<string, unknown> = {};
for (let i = 1; i <= count; i++) {
  const name = i === 1 ? 'staging' : `staging${i}`;
  // Its own VPC range (config refuses overlapping VPCs in one account and region) and host name.
  copies[name] = {
    ...environments.staging,
    stage: { ...environments.staging.stage, name },
    network: { ...environments.staging.network, cidr: `10.${19 + i}.0.0/16` },
  };
}
const code = synthesize({ environments: copies });
if (code !== 0) process.exit(code);
