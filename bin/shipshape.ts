#!/usr/bin/env -S npx tsx
// Operator CLI. Thin on purpose: this file is the only place that reads process.argv and
// process.env; every command lives in lib/ops/cli and takes typed values.
import { resolve } from 'node:path';
import { environments } from '../config';
import { validateConfigs } from '../lib/config';
import { auditCommand } from '../lib/ops/cli/audit';
import { alertTestCommand } from '../lib/ops/cli/alert-test-command';
import { CliIo, EXIT_USAGE } from '../lib/ops/cli/common';
import { contractCommand } from '../lib/ops/cli/contract-command';
import { diagramCommand } from '../lib/ops/cli/diagram-command';
import { loadTestCommand } from '../lib/ops/cli/loadtest-command';
import { scanSecretsCommand } from '../lib/ops/cli/scan-secrets-command';
import { verifyCommand } from '../lib/ops/cli/verify-command';

interface Command {
  readonly summary: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

const env = process.env;
const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined);
const publicKey = nonEmpty(env['SHIPSHAPE_PUBLIC_API_KEY']);
const adminKey = nonEmpty(env['SHIPSHAPE_ADMIN_API_KEY']);
const previousPublicKey = nonEmpty(env['SHIPSHAPE_PREVIOUS_PUBLIC_API_KEY']);
const previousAdminKey = nonEmpty(env['SHIPSHAPE_PREVIOUS_ADMIN_API_KEY']);

const commands: Record<string, Command> = {
  audit: {
    summary: 'synthesize every stage under every check, join the register, write reports/',
    run: (argv, io) => auditCommand(argv, io, { root: resolve(__dirname, '..'), environments }),
  },
  'scan-secrets': {
    summary:
      'scan the repository (and with --history every commit) for credentials: secretlint + our shapes (SEC-13)',
    run: (argv, io) => scanSecretsCommand(argv, io, resolve(__dirname, '..')),
  },
  'alert-test': {
    summary: 'test the alert path: publish a test notification, or flip an alarm to ALARM and back (TEST-03)',
    run: (argv, io) => {
      const region = nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
      return alertTestCommand(argv, region === undefined ? {} : { region }, io);
    },
  },
  verify: {
    summary: 'probe a deployed endpoint (TLS, redirect, headers, health, keys, errors, CORS, rate limit)',
    run: (argv, io) =>
      verifyCommand(
        argv,
        {
          ...(publicKey === undefined ? {} : { publicKey }),
          ...(adminKey === undefined ? {} : { adminKey }),
        },
        io,
      ),
  },
  contract: {
    summary:
      'check a container on this machine against the app contract (health, keys, /config, errors, logs)',
    run: (argv, io) =>
      contractCommand(
        argv,
        {
          ...(publicKey === undefined ? {} : { publicKey }),
          ...(adminKey === undefined ? {} : { adminKey }),
          ...(previousPublicKey === undefined ? {} : { previousPublicKey }),
          ...(previousAdminKey === undefined ? {} : { previousAdminKey }),
          logPatterns: (name) => validateConfigs(environments)[name]?.monitoring.logPatterns,
        },
        io,
      ),
  },
  loadtest: {
    summary: 'bounded load test with p99 and error-rate gates',
    run: (argv, io) => loadTestCommand(argv, publicKey === undefined ? {} : { key: publicKey }, io),
  },
  diagram: {
    summary: 'render cdk.out/tree.json to docs/architecture.png',
    run: (argv, io) => diagramCommand(argv, io),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: shipshape <command> [options]   (shipshape <command> --help for its options)\n\n${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
  };
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`shipshape: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `shipshape: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 3;
  },
);
