import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialFinding, detectCredentials } from './detect';

export type { CredentialFinding } from './detect';

/** Files larger than this are data, not code or docs (and would slow the scan). */
export const MAX_BYTES = 1024 * 1024;

const git = (root: string, args: string[]): string =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** Text worth scanning: not oversized, not binary (a NUL byte). */
const textOf = (buffer: Buffer): string | undefined =>
  buffer.length > MAX_BYTES || buffer.includes(0) ? undefined : buffer.toString('utf8');

/**
 * SEC-13 for code: scans every file git tracks or would track (not ignored) with secretlint's
 * recommended preset and the shapes the ProductionReadiness-NoHardcodedCredentials rule looks for
 * in templates. Reports file, line, column and shape, never the matched text.
 */
export async function scanRepository(root: string): Promise<CredentialFinding[]> {
  const files = git(root, ['ls-files', '--cached', '--others', '--exclude-standard', '-z'])
    .split('\0')
    .filter(Boolean);
  const findings: CredentialFinding[] = [];
  for (const file of files) findings.push(...(await scanFile(root, file)));
  return findings;
}

/** Scans one file (path relative to root); binary, oversized and deleted files are skipped. */
export async function scanFile(root: string, file: string): Promise<CredentialFinding[]> {
  let buffer: Buffer;
  try {
    buffer = readFileSync(join(root, file));
  } catch {
    return []; // deleted in the working tree
  }
  const text = textOf(buffer);
  return text === undefined ? [] : detectCredentials(file, text);
}

/** A blob of the history with the path it was first seen at. */
interface HistoryBlob {
  readonly id: string;
  readonly path: string;
  readonly size: number;
}

/** Every blob reachable from any ref (branches, tags, stashes, notes), each once. */
function historyBlobs(root: string): HistoryBlob[] {
  // `rev-list --objects` names each object once, with the first path it was reached by.
  const objects = git(root, ['rev-list', '--objects', '--all']);
  if (objects.trim() === '') return [];
  const checked = execFileSync(
    'git',
    ['cat-file', '--batch-check=%(objecttype) %(objectname) %(objectsize) %(rest)'],
    { cwd: root, input: objects, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const blobs: HistoryBlob[] = [];
  for (const line of checked.split('\n')) {
    const match = /^blob ([0-9a-f]+) (\d+) (.+)$/.exec(line);
    if (match) blobs.push({ id: match[1]!, size: Number(match[2]), path: match[3]! });
  }
  return blobs;
}

/** Contents of the blobs, read through one `git cat-file --batch` (one process, not one per blob). */
function readBlobs(root: string, blobs: readonly HistoryBlob[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (blobs.length === 0) return out;
  const batch = execFileSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: `${blobs.map((b) => b.id).join('\n')}\n`,
    maxBuffer: 1024 * 1024 * 1024,
  });
  // Each entry: "<id> blob <size>\n<size bytes>\n".
  let offset = 0;
  while (offset < batch.length) {
    const eol = batch.indexOf(0x0a, offset);
    const [id, , size] = batch.subarray(offset, eol).toString('utf8').split(' ');
    const start = eol + 1;
    const end = start + Number(size);
    out.set(id!, batch.subarray(start, end));
    offset = end + 1;
  }
  return out;
}

/** The oldest commit, on any ref, that adds or changes a path to this blob. */
function introducingCommit(root: string, blob: string): string | undefined {
  const commits = git(root, ['log', '--all', '--format=%H', `--find-object=${blob}`])
    .trim()
    .split('\n');
  return commits.at(-1) || undefined;
}

/**
 * Scans the content of every blob reachable from any ref, so a credential committed and later
 * deleted (still in history, still in every clone) is found. A blob that is also in the current
 * index is left to {@link scanRepository}, which reports it once with its working-tree path.
 * Each finding names the path the blob was reached by and the commit that introduced it.
 */
export async function scanHistory(root: string): Promise<CredentialFinding[]> {
  const current = new Set(
    git(root, ['ls-files', '--stage', '-z'])
      .split('\0')
      .map((entry) => entry.split(' ')[1])
      .filter((id): id is string => id !== undefined),
  );
  const wanted = historyBlobs(root).filter((b) => !current.has(b.id) && b.size <= MAX_BYTES);
  const contents = readBlobs(root, wanted);
  const findings: CredentialFinding[] = [];
  for (const blob of wanted) {
    const text = textOf(contents.get(blob.id)!);
    if (text === undefined) continue;
    const found = await detectCredentials(blob.path, text);
    if (found.length === 0) continue;
    const commit = introducingCommit(root, blob.id);
    findings.push(...found.map((f) => (commit === undefined ? f : { ...f, commit })));
  }
  return findings;
}
