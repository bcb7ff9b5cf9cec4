import type { IAspect } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';
import type { ContactsConfig } from '../../config';

/** CloudWatch's limit on an alarm description. */
export const ALARM_DESCRIPTION_LIMIT = 1024;

/**
 * The escalation path in one line, for the reader of an alarm: who is told when, and how to reach
 * them (`Escalation: now on-call API on-call rota <oncall@example.com> +44...; 60 min ...`).
 */
export function escalationLine(contacts: ContactsConfig): string | undefined {
  if (contacts.escalation.length === 0) return undefined;
  const steps = contacts.escalation.map((step) => {
    const who = step.notify.map((role) => {
      const person = contacts.people[role]!;
      return `${role} ${person.name} <${person.email}>${person.phone ? ` ${person.phone}` : ''}`;
    });
    return `${step.afterMinutes === 0 ? 'now' : `${step.afterMinutes} min`} ${who.join(', ')}`;
  });
  return `Escalation: ${steps.join('; ')}`;
}

/**
 * Ends every alarm description of a scope with the escalation line, so the person an alarm reaches
 * (email, webhook, console) sees whom to call next. Alarms of every construct get it, also those
 * added later. A description that would pass CloudWatch's 1024 characters fails synthesis here,
 * not at deploy time.
 */
export class EscalationInAlarms implements IAspect {
  private readonly line: string;

  constructor(contacts: ContactsConfig) {
    const line = escalationLine(contacts);
    if (line === undefined) throw new Error('EscalationInAlarms needs contacts.escalation steps');
    this.line = line;
  }

  visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.CfnAlarm)) return;
    const description = node.alarmDescription ?? '';
    if (description.includes('\nEscalation: ') || description.startsWith('Escalation: ')) return;
    const next = description === '' ? this.line : `${description}\n${this.line}`;
    if (next.length > ALARM_DESCRIPTION_LIMIT) {
      throw new Error(
        `${node.node.path}: the alarm description with the escalation line is ${next.length} characters, over CloudWatch's ${ALARM_DESCRIPTION_LIMIT}; shorten contacts (names) in config`,
      );
    }
    node.alarmDescription = next;
  }
}
