import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREDENTIAL_PATTERNS } from '../../compliance/rules/general/NoHardcodedCredentials';

/** One credential-shaped literal in a file of the repository. */
export interface CredentialFinding {
  readonly file: string;
  readonly line: number;
  /** Which shape matched (e.g. "AWS access key id"); the value itself is never reported. */
  readonly kind: string;
}

/** Files larger than this are data, not code or docs (and would slow the scan). */
const MAX_BYTES = 1024 * 1024;

/**
 * SEC-13 for code: scans every file git tracks or would track (not ignored) for the credential
 * shapes the ProductionReadiness-NoHardcodedCredentials rule looks for in templates, so one list
 * of shapes covers both. Reports file, line and shape, never the matched text.
 */
export function scanRepository(root: string): CredentialFinding[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  return files.flatMap((file) => scanFile(root, file));
}

/** Scans one file (path relative to root); binary and oversized files are skipped. */
export function scanFile(root: string, file: string): CredentialFinding[] {
  let buffer: Buffer;
  try {
    buffer = readFileSync(join(root, file));
  } catch {
    return []; // deleted in the working tree
  }
  if (buffer.length > MAX_BYTES || buffer.includes(0)) return [];
  const findings: CredentialFinding[] = [];
  buffer
    .toString('utf8')
    .split('\n')
    .forEach((text, index) => {
      for (const { name, pattern } of CREDENTIAL_PATTERNS) {
        if (pattern.test(text)) findings.push({ file, line: index + 1, kind: name });
      }
    });
  return findings;
}
