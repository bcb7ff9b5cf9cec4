import sarifFormatter from '@secretlint/secretlint-formatter-sarif';
import { CredentialFinding } from './detect';

type SecretlintResult = Parameters<typeof sarifFormatter>[0][number];
type SecretlintMessage = SecretlintResult['messages'][number];

function message(f: CredentialFinding): SecretlintMessage {
  const at = { line: f.line, column: f.column - 1 };
  const rule = f.rule.split('/').at(-1) ?? f.rule;
  return {
    type: 'message',
    ruleId: f.rule,
    messageId: rule,
    // The history scan's finding names the commit: the path alone no longer holds the secret.
    message: f.commit === undefined ? f.kind : `${f.kind} (in commit ${f.commit})`,
    range: [0, 0],
    loc: { start: at, end: at },
    severity: 'error',
  };
}

/**
 * SARIF 2.1.0 through secretlint's own SARIF formatter, for code-scanning upload. Our own shapes
 * go through it as well (rule ids `shipshape/...`), so one file holds every finding. URIs are the
 * paths relative to the scanned root, whatever the working directory.
 */
export function toSecretScanSarif(findings: readonly CredentialFinding[]): string {
  const byFile = new Map<string, CredentialFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const results: SecretlintResult[] = [...byFile].map(([file, list]) => ({
    // The formatter writes path.relative(cwd, filePath): a relative path resolves against cwd and
    // comes back unchanged.
    filePath: file,
    sourceContent: undefined,
    sourceContentType: 'text',
    messages: list.map(message),
  }));
  return `${sarifFormatter(results, { color: false })}\n`;
}
