import { CheckResult, VerifyReport } from './types';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** One check as text: `PASS  headers.hsts  HSTS with max-age >= 31536000` plus indented evidence. */
export function formatCheck(check: CheckResult): string {
  const head = `${pad(check.status, 7)} ${pad(check.id, 30)} ${check.title}`;
  return [head, ...check.evidence.map((e) => `        ${e}`)].join('\n');
}

/** Blocked checks grouped by their one cause (their first evidence line). */
export function blockedByCause(report: VerifyReport): Map<string, string[]> {
  const byCause = new Map<string, string[]>();
  for (const c of report.checks.filter((c) => c.status === 'BLOCKED')) {
    const cause = c.evidence[0] ?? 'unknown cause';
    byCause.set(cause, [...(byCause.get(cause) ?? []), c.id]);
  }
  return byCause;
}

export function formatTextReport(report: VerifyReport, options: { includeChecks: boolean }): string {
  const lines: string[] = [];
  if (options.includeChecks) for (const check of report.checks) lines.push(formatCheck(check));
  const { pass, fail, skip, blocked } = report.summary;
  lines.push(
    '',
    `${report.tool} ${report.url}: ${pass} passed, ${fail} failed, ${blocked} blocked, ${skip} skipped in ${report.durationMs} ms`,
  );
  if (fail > 0) {
    lines.push(
      `FAILED: ${report.checks
        .filter((c) => c.status === 'FAIL')
        .map((c) => c.id)
        .join(', ')}`,
    );
  }
  for (const [cause, ids] of blockedByCause(report)) {
    lines.push(`BLOCKED (${ids.length} checks not run) ${cause}`, `  not run: ${ids.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Machine-readable form: stable keys, the checks in run order. Already redacted by the runner. */
export function formatJsonReport(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
