#!/usr/bin/env node
// CDK entry point: the only place that reads context. Everything else lives in lib/.
import { readFileSync } from 'node:fs';
import { CONTEXT_ENV, CONTEXT_OVERFLOW_LOCATION_ENV } from 'aws-cdk-lib/cx-api';
import { environments } from '../config';
import { synthesize } from '../lib/stages/synthesize';

// The CLI hands `-c env=<name>` over as context JSON (inline, or in a file when large). Read it
// here so config is validated before any construct, the App included, exists.
const overflow = process.env[CONTEXT_OVERFLOW_LOCATION_ENV];
const context = JSON.parse(
  overflow ? readFileSync(overflow, 'utf8') : (process.env[CONTEXT_ENV] ?? '{}'),
) as { env?: unknown };
const only = typeof context.env === 'string' ? context.env : undefined;
const code = synthesize({ environments, only });
if (code !== 0) process.exit(code);
