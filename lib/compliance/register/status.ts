import type { EvidenceView } from './repository';
import { firingTest } from './rule-realizations';
import { KIND_ORDER, type Realization, type RegisterEntry, type RegisterStatus, STATUS_OF } from './types';

/** Every file, test (and name), document (and anchor) and command a realization cites exists. */
function citedEvidenceExists(r: Realization, view: EvidenceView): boolean {
  const e = r.evidence;
  return (
    (e.files ?? []).every((f) => view.fileExists(f)) &&
    (e.tests ?? []).every((t) => view.testExists(t)) &&
    (e.docs ?? []).every((d) => view.docExists(d)) &&
    (e.commands ?? []).every((c) => view.commandExists(c))
  );
}

/**
 * Whether a realization's evidence holds in the repository:
 * - rule: a rule that realizes the id has a test that makes it fire (`firingTest`);
 * - infra: a test proves it, and every cited file and test exists;
 * - tool: a file or a command does it, and everything cited exists;
 * - runbook, app: a document states it, and everything cited exists.
 */
export function realizationHolds(r: Realization, view: EvidenceView): boolean {
  const e = r.evidence;
  switch (r.kind) {
    case 'rule':
      return (e.rules ?? []).some((rule) => view.testExists(firingTest(rule)));
    case 'infra':
      return (e.tests?.length ?? 0) > 0 && citedEvidenceExists(r, view);
    case 'tool':
      return (e.files?.length ?? 0) + (e.commands?.length ?? 0) > 0 && citedEvidenceExists(r, view);
    case 'runbook':
    case 'app':
      return (e.docs?.length ?? 0) > 0 && citedEvidenceExists(r, view);
  }
}

/** The strongest kind of realization whose evidence holds, if any. */
export function strongestHolding(entry: RegisterEntry, view: EvidenceView): Realization['kind'] | undefined {
  const holding = new Set(entry.realizations.filter((r) => realizationHolds(r, view)).map((r) => r.kind));
  return KIND_ORDER.find((k) => holding.has(k));
}

/**
 * The status of an item, computed from its evidence: `missing` when its area file names a gap;
 * otherwise the status of the strongest realization that holds (enforced, built, tool, runbook,
 * app); `missing` when none does. The audit may still downgrade it (a stack absent from a stage).
 */
export function statusOf(entry: RegisterEntry, view: EvidenceView): RegisterStatus {
  if (entry.missing !== undefined) return 'missing';
  const kind = strongestHolding(entry, view);
  return kind === undefined ? 'missing' : STATUS_OF[kind];
}
