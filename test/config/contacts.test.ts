import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { environments } from '../../config';
import { validateConfigs } from '../../lib/config';
import { EscalationInAlarms, escalationLine } from '../../lib/constructs/alerts/escalation';
import { contactsCommand } from '../../lib/ops/cli/contacts-command';
import { contactsMarkdown } from '../../lib/ops/contacts/contacts-markdown';
import { readyAssembly } from '../support/assembly';
import { configOf, errorOf, type Mutable } from '../support/config-edits';
import { stageStacks } from '../../lib/ops/review/stage-templates';

const configs = validateConfigs(environments);

describe('contacts, escalation and sign-off in config', () => {
  test('a production stage without contacts names every missing piece', () => {
    const message = errorOf('prod', (c) => {
      delete c.contacts;
    });
    for (const role of ['onCall', 'technicalLead', 'devops', 'security']) {
      expect(message).toContain(`prod: contacts.people.${role}: is required in a production stage`);
    }
    expect(message).toContain('prod: contacts.escalation: needs at least two steps in a production stage');
    for (const role of ['technicalLead', 'security', 'devops', 'productOwner']) {
      expect(message).toContain(
        `prod: contacts.signOff.approvers: must include "${role}" in a production stage`,
      );
    }
  });

  test('outside production contacts are optional', () => {
    expect(configs.dev!.contacts).toEqual({
      people: {},
      escalation: [],
      signOff: { approvers: [], acceptedReplacements: [] },
    });
  });

  test.each([
    [
      'a bad email',
      (c: Mutable) => (c.contacts.people.devops.email = 'devops'),
      'contacts.people.devops.email: must be an email address',
    ],
    [
      'a bad phone',
      (c: Mutable) => (c.contacts.people.onCall.phone = '01632 960001'),
      'contacts.people.onCall.phone: must be a phone number in E.164 form',
    ],
    [
      'an unknown role',
      (c: Mutable) => (c.contacts.people.manager = { name: 'M', email: 'm@example.com' }),
      'contacts.people.manager',
    ],
    [
      'a first step later than 0',
      (c: Mutable) => (c.contacts.escalation[0].afterMinutes = 5),
      'contacts.escalation.0.afterMinutes: must be 0: the first step is immediate',
    ],
    [
      'steps out of order',
      (c: Mutable) => (c.contacts.escalation[2].afterMinutes = 30),
      'contacts.escalation.2.afterMinutes: must be later than the step before (60 minutes)',
    ],
    [
      'a second step after 1 h',
      (c: Mutable) => (c.contacts.escalation[1].afterMinutes = 90),
      'contacts.escalation.1.afterMinutes: must be at most 60 in a production stage',
    ],
    [
      'a last step after 4 h',
      (c: Mutable) => (c.contacts.escalation[2].afterMinutes = 480),
      'contacts.escalation.2.afterMinutes: must be at most 240 in a production stage',
    ],
    [
      'a step naming nobody',
      (c: Mutable) => {
        delete c.contacts.people.productOwner;
        c.contacts.escalation[2].notify.push('productOwner');
      },
      'contacts.escalation.2.notify.2: "productOwner" has no entry in contacts.people',
    ],
    [
      'an approver with no contact',
      (c: Mutable) => delete c.contacts.people.productOwner,
      'contacts.signOff.approvers.3: "productOwner" has no entry in contacts.people',
    ],
    [
      'an acceptance without a reason',
      (c: Mutable) =>
        (c.contacts.signOff.acceptedReplacements = [
          { stack: 'Prod-Data', logicalId: 'Db', reason: 'ok', until: '2027-01-31' },
        ]),
      'contacts.signOff.acceptedReplacements.0.reason: must be a reason of 10 characters or more',
    ],
    [
      'an acceptance twice',
      (c: Mutable) => {
        const a = {
          stack: 'Prod-Data',
          logicalId: 'Db',
          reason: 'restored from snapshot',
          until: '2027-01-31',
        };
        c.contacts.signOff.acceptedReplacements = [a, a];
      },
      'contacts.signOff.acceptedReplacements.1: accepts Prod-Data/Db twice',
    ],
  ])('%s is refused with the field named', (_what, change, message) => {
    expect(errorOf('prod', change)).toContain(`prod: ${message}`);
  });

  test('a valid acceptance is kept for the review', () => {
    const a = {
      stack: 'Prod-Data',
      logicalId: 'DatabaseInstanceAA8A5FDE',
      reason: 'restored from snapshot',
      until: '2027-01-31',
    };
    expect(
      configOf('prod', (c) => (c.contacts.signOff.acceptedReplacements = [a])).contacts.signOff
        .acceptedReplacements,
    ).toEqual([a]);
  });
});

describe('escalation in alarm descriptions', () => {
  const alarmsOf = (stage: string) =>
    stageStacks(readyAssembly(), stage).flatMap((s) =>
      Object.values(
        (s.template.Resources ?? {}) as Record<
          string,
          { Type: string; Properties: { AlarmDescription?: unknown } }
        >,
      )
        .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
        .map((r) => JSON.stringify(r.Properties.AlarmDescription)),
    );

  test('every production alarm ends with the escalation line; a stage without contacts adds none', () => {
    const line = escalationLine(configs.prod!.contacts)!;
    expect(line).toBe(
      'Escalation: now onCall API on-call rota <oncall@example.com> +441632960001; 60 min technicalLead Technical lead <tech-lead@example.com> +441632960002; 240 min devops DevOps lead <devops@example.com>, security Security team <security@example.com>',
    );
    const prod = alarmsOf('Prod');
    expect(prod.length).toBeGreaterThan(20);
    expect(prod.filter((d) => !d.includes(JSON.stringify(`\n${line}`).slice(1, -1)))).toEqual([]);
    expect(alarmsOf('Dev').filter((d) => d.includes('Escalation:'))).toEqual([]);
  });

  test('a description that would pass 1024 characters fails synthesis, naming the alarm', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'S');
    new cloudwatch.CfnAlarm(stack, 'Long', {
      alarmDescription: 'x'.repeat(1000),
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
    });
    Aspects.of(app).add(new EscalationInAlarms(configs.prod!.contacts));
    expect(() => app.synth()).toThrow(
      /S\/Long: the alarm description with the escalation line is \d+ characters, over CloudWatch's 1024/,
    );
  });
});

describe('docs/contacts.md', () => {
  test('the committed page is what config generates', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'docs', 'contacts.md'), 'utf8')).toBe(
      contactsMarkdown(configs),
    );
  });

  test('contacts --check fails on a page that drifted; contacts rewrites it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-contacts-'));
    try {
      const page = join(dir, 'contacts.md');
      writeFileSync(page, '# stale\n');
      let err = '';
      const io = { stdout: () => {}, stderr: (t: string) => (err += t), stderrIsTty: false };
      expect(contactsCommand(['--check'], io, { page, configs: () => configs })).toBe(1);
      expect(err).toContain('is out of date with config; run npm run contacts');
      expect(contactsCommand([], io, { page, configs: () => configs })).toBe(0);
      expect(contactsCommand(['--check'], io, { page, configs: () => configs })).toBe(0);
      expect(readFileSync(page, 'utf8')).toContain(
        '| On-call | API on-call rota | oncall@example.com | +441632960001 |',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
