#!/usr/bin/env -S npx tsx
// Operator CLI. Thin on purpose: this file is the only place that reads process.argv and
// process.env; every command lives in lib/ops/cli and takes typed values.
//
// Each command is imported when it runs: verify, loadtest or contract never load aws-cdk-lib and
// the app, which the audit needs (a second of start-up saved on every probe).
import { resolve } from 'node:path';
import type { CliIo } from '../lib/ops/cli/common';

/** Exit code of a bad command line (lib/ops/cli/common.ts, EXIT_USAGE). */
const EXIT_USAGE = 2;

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
    run: (argv, io) => {
      const { auditCommand } = require('../lib/ops/cli/audit') as typeof import('../lib/ops/cli/audit');
      const { environments } = require('../config') as typeof import('../config');
      return auditCommand(argv, io, { root: resolve(__dirname, '..'), environments });
    },
  },
  'scan-secrets': {
    summary:
      'scan the repository (and with --history every commit) for credentials: secretlint + our shapes (SEC-13)',
    run: (argv, io) =>
      (
        require('../lib/ops/cli/scan-secrets-command') as typeof import('../lib/ops/cli/scan-secrets-command')
      ).scanSecretsCommand(argv, io, resolve(__dirname, '..')),
  },
  'alert-test': {
    summary: 'test the alert path: publish a test notification, or flip an alarm to ALARM and back (TEST-03)',
    run: (argv, io) => {
      const { alertTestCommand } =
        require('../lib/ops/cli/alert-test-command') as typeof import('../lib/ops/cli/alert-test-command');
      const region = nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
      return alertTestCommand(argv, region === undefined ? {} : { region }, io);
    },
  },
  'image-scan': {
    summary: "refuse an image whose ECR scan has findings at the threshold (CRITICAL, or config's) (SEC-19)",
    run: (argv, io) => {
      const { imageScanCommand } =
        require('../lib/ops/cli/image-scan-command') as typeof import('../lib/ops/cli/image-scan-command');
      const region = nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
      return imageScanCommand(
        argv,
        {
          ...(region === undefined ? {} : { region }),
          configuredImage: (name) => {
            const { environments } = require('../config') as typeof import('../config');
            const { validateConfigs } = require('../lib/config') as typeof import('../lib/config');
            const image = validateConfigs(environments)[name]?.service.image;
            if (image?.source !== 'ecr') return undefined;
            const failOn = image.scanFailOn;
            if (image.digest) return { digest: image.digest, failOn };
            return image.tag ? { tag: image.tag, failOn } : undefined;
          },
        },
        io,
      );
    },
  },
  review: {
    summary:
      'the sign-off report of a deploy: stateful replacements, widened access, checklist ids; blocks production (OPS-02)',
    run: (argv, io) => {
      const { reviewCommand } =
        require('../lib/ops/cli/review-command') as typeof import('../lib/ops/cli/review-command');
      const region = nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
      return reviewCommand(
        argv,
        {
          ...(region === undefined ? {} : { region }),
          stage: (id) => {
            const { environments } = require('../config') as typeof import('../config');
            const { validateConfigs } = require('../lib/config') as typeof import('../lib/config');
            const { stageId } =
              require('../lib/stages/stage-ids') as typeof import('../lib/stages/stage-ids');
            const config = Object.values(validateConfigs(environments)).find(
              (c) => stageId(c.stage.name) === id,
            );
            return config === undefined
              ? undefined
              : { production: config.stage.production, acknowledged: [] };
          },
        },
        io,
      );
    },
  },
  contacts: {
    summary:
      'write docs/contacts.md from config: contacts, escalation path, sign-off roles (--check: fail on drift)',
    run: async (argv, io) => {
      const { contactsCommand } =
        require('../lib/ops/cli/contacts-command') as typeof import('../lib/ops/cli/contacts-command');
      const { environments } = require('../config') as typeof import('../config');
      const { validateConfigs } = require('../lib/config') as typeof import('../lib/config');
      return contactsCommand(argv, io, {
        page: resolve(__dirname, '..', 'docs', 'contacts.md'),
        configs: () => validateConfigs(environments),
      });
    },
  },
  verify: {
    summary: 'probe a deployed endpoint (TLS, redirect, headers, health, keys, errors, CORS, rate limit)',
    run: (argv, io) =>
      (
        require('../lib/ops/cli/verify-command') as typeof import('../lib/ops/cli/verify-command')
      ).verifyCommand(
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
    run: (argv, io) => {
      const { contractCommand } =
        require('../lib/ops/cli/contract-command') as typeof import('../lib/ops/cli/contract-command');
      const { environments } = require('../config') as typeof import('../config');
      const { validateConfigs } = require('../lib/config') as typeof import('../lib/config');
      return contractCommand(
        argv,
        {
          ...(publicKey === undefined ? {} : { publicKey }),
          ...(adminKey === undefined ? {} : { adminKey }),
          ...(previousPublicKey === undefined ? {} : { previousPublicKey }),
          ...(previousAdminKey === undefined ? {} : { previousAdminKey }),
          logPatterns: (name) => validateConfigs(environments)[name]?.monitoring.logPatterns,
        },
        io,
      );
    },
  },
  loadtest: {
    summary: 'bounded load test with p99 and error-rate gates',
    run: (argv, io) =>
      (
        require('../lib/ops/cli/loadtest-command') as typeof import('../lib/ops/cli/loadtest-command')
      ).loadTestCommand(argv, publicKey === undefined ? {} : { key: publicKey }, io),
  },
  diagram: {
    summary: 'render each stack of a stage from cdk.out/tree.json to docs/architecture/<stage>-<stack>.png',
    run: (argv, io) =>
      (
        require('../lib/ops/cli/diagram-command') as typeof import('../lib/ops/cli/diagram-command')
      ).diagramCommand(argv, io),
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
