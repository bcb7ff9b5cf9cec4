/**
 * Run by test/global-setup.ts in the background: `cdk ls` through the real CDK CLI into the shared
 * assembly directory, then the record of that run (CLI_LIST_FILE), which tells waiting tests the
 * assembly is ready. The record is written whatever happens, so no test waits forever.
 * Usage: tsx test/support/synth-runner.ts <assembly dir> <repository root>
 */
import { spawnSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSynthRecord } from '../../lib/stages/synth-record';
import { CLI_LIST_FILE, type CliListRecord, recordMtimeMs } from './assembly';

const [outdir, root] = process.argv.slice(2) as [string, string];
const env: NodeJS.ProcessEnv = { ...process.env };
// Jest sets NODE_ENV=test, which makes aws-cdk-lib throw like a unit test; the CLI does not.
delete env.NODE_ENV;
const started = Date.now();
const result = spawnSync(join(root, 'node_modules/.bin/cdk'), ['ls', '--output', outdir], {
  cwd: root,
  env,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
const record: CliListRecord = {
  fingerprint: readSynthRecord(outdir)?.fingerprint ?? '',
  recordMtimeMs: recordMtimeMs(outdir),
  exitCode: result.status,
  stdout: result.stdout ?? '',
  stderr: `${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`,
  seconds: (Date.now() - started) / 1000,
};
const file = join(outdir, CLI_LIST_FILE);
writeFileSync(`${file}.tmp`, `${JSON.stringify(record, undefined, 1)}\n`);
renameSync(`${file}.tmp`, file);
