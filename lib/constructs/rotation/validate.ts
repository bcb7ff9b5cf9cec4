import { Duration, Token } from 'aws-cdk-lib';

/** Longest rotation interval the checklist allows (SEC-03). */
export const MAX_ROTATION_INTERVAL = Duration.days(90);
/** Default interval: 10 days of margin under SEC-03 to notice and fix a failed rotation. */
export const DEFAULT_ROTATION_INTERVAL = Duration.days(80);

/** Collects problems so a construct can report them all at once. */
export class PropsProblems {
  private readonly problems: string[] = [];

  constructor(private readonly construct: string) {}

  add(problem: string): void {
    this.problems.push(problem);
  }

  /** `interval` must be whole days between 1 and 90 (SEC-03). */
  checkInterval(field: string, interval: Duration): void {
    if (Token.isUnresolved(interval.toMinutes({ integral: false }))) return;
    const days = interval.toHours() / 24;
    if (!Number.isInteger(days) || days < 1 || days > MAX_ROTATION_INTERVAL.toDays()) {
      this.add(
        `${field} must be a whole number of days from 1 to ${MAX_ROTATION_INTERVAL.toDays()} (got ${interval.toHumanString()})`,
      );
    }
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new Error(`Invalid ${this.construct} props:\n- ${this.problems.join('\n- ')}`);
    }
  }
}
