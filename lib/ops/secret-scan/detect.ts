import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { CREDENTIAL_PATTERNS } from '../../compliance/rules/utils/credentials';

/** One credential-shaped literal in a text. The value itself is never kept. */
export interface CredentialFinding {
  /** Path relative to the scanned root (or the text's label, e.g. `GET /config`). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** What matched, e.g. "AWS access key id" or secretlint's "found npm access token: ****". */
  readonly kind: string;
  /** The rule that matched: a secretlint rule id, or `shipshape/<pattern>` for our own shapes. */
  readonly rule: string;
  /** Set by the history scan: a commit that holds the blob. */
  readonly commit?: string;
}

/** Rule id prefix of the shapes we keep beside secretlint's (see {@link OWN_RULE}). */
export const OWN_RULE_PREFIX = 'shipshape/';

/**
 * secretlint's recommended preset (AWS secret access keys, npm, SendGrid, Slack, GitHub, private
 * keys, connection strings and some 25 more providers), plus the shapes of the
 * ProductionReadiness-NoHardcodedCredentials rule, which the preset leaves out by default: AWS
 * access key ids (the preset's id scan also flags 12-digit account ids, which our config holds on
 * purpose), AI-provider keys and JWTs. One list of our own shapes serves templates and code.
 */
export const SECRETLINT_PRESET = '@secretlint/secretlint-rule-preset-recommend';

const ownRule = (name: string): string =>
  `${OWN_RULE_PREFIX}${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

type SecretlintMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number];

function fromSecretlint(file: string, m: SecretlintMessage): CredentialFinding {
  return {
    file,
    line: m.loc.start.line,
    column: m.loc.start.column + 1,
    kind: m.message,
    rule: m.ruleId,
  };
}

/** Our shapes, line by line: each pattern reports its first match of a line. */
function ownFindings(file: string, text: string): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const { name, pattern } of CREDENTIAL_PATTERNS) {
      const match = pattern.exec(lineText);
      if (match) {
        findings.push({ file, line: index + 1, column: match.index + 1, kind: name, rule: ownRule(name) });
      }
    }
  });
  return findings;
}

/**
 * Every credential-shaped literal in `text`: secretlint's findings (values masked by secretlint
 * itself), then ours on lines secretlint did not already report, so a PEM block or a password URL
 * found by both is reported once.
 */
export async function detectCredentials(file: string, text: string): Promise<CredentialFinding[]> {
  const result = await lintSource({
    source: { content: text, filePath: file, contentType: 'text' },
    options: {
      config: { rules: [{ id: SECRETLINT_PRESET, rule: recommendedPreset }] },
      maskSecrets: true,
      // Rules may read the file name (e.g. the GCP key-file rule); the text need not be on disk.
      noPhysicFilePath: true,
    },
  });
  // One finding per rule and line: the npm rule, for one, reports an `.npmrc` token twice.
  const seen = new Set<string>();
  const found = result.messages
    .map((m) => fromSecretlint(file, m))
    .filter((f) => {
      const key = `${f.rule}:${f.line}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const lines = new Set(found.map((f) => f.line));
  return [...found, ...ownFindings(file, text).filter((f) => !lines.has(f.line))].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
}
