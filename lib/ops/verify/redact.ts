import { ApiKeyOptions, CheckResult, NamedSecret, VerifyReport } from './types';

/** Below this length a "secret" would redact ordinary words; such keys are refused by the CLI anyway. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every occurrence of a secret with `[REDACTED:<label>]`. Applied to every evidence string
 * before any reporter sees a result, so no reporter can leak a key by accident.
 */
export class Redactor {
  private readonly secrets: readonly NamedSecret[];

  constructor(secrets: readonly NamedSecret[]) {
    // Longest first: a key that contains another key is replaced whole.
    this.secrets = secrets
      .filter((s) => s.value.length >= MIN_SECRET_LENGTH)
      .sort((a, b) => b.value.length - a.value.length);
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) out = out.split(secret.value).join(`[REDACTED:${secret.label}]`);
    return out;
  }

  check(result: CheckResult): CheckResult {
    return { ...result, evidence: result.evidence.map((e) => this.text(e)) };
  }

  report(report: VerifyReport): VerifyReport {
    return { ...report, url: this.text(report.url), checks: report.checks.map((c) => this.check(c)) };
  }
}

/** The keys of a run, labelled, for the redactor and the /config scan. */
export function secretsOf(keys: ApiKeyOptions): NamedSecret[] {
  const named: Array<[string, string | undefined]> = [
    ['public-key', keys.publicKey],
    ['admin-key', keys.adminKey],
    ['previous-public-key', keys.previousPublicKey],
    ['previous-admin-key', keys.previousAdminKey],
  ];
  return named.flatMap(([label, value]) => (value === undefined ? [] : [{ label, value }]));
}
