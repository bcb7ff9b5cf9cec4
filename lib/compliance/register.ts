/**
 * The production-readiness register: every checklist id, in checklist order, made of two sources.
 * The rules that realize an id are derived from the pack specs and the stock-rule table
 * (./register/rule-realizations.ts); everything else comes from the area files (./register/areas/).
 * An id's status is computed from that evidence (./register/status.ts), never declared.
 */
import { CHECKLIST_IDS, type ChecklistId } from './checklist';
import { CACHE } from './register/areas/cache';
import { CONFIGURATION } from './register/areas/configuration';
import { CONTAINERS } from './register/areas/containers';
import { DATABASE } from './register/areas/database';
import { DOCUMENTATION } from './register/areas/documentation';
import { LEGAL } from './register/areas/legal';
import { MONITORING_AND_ALERTING } from './register/areas/monitoring';
import { OPERATIONS } from './register/areas/operations';
import { PERFORMANCE } from './register/areas/performance';
import { SECURITY } from './register/areas/security';
import { TESTING } from './register/areas/testing';
import { type EvidenceView, repositoryView } from './register/repository';
import { ruleRealization } from './register/rule-realizations';
import { statusOf } from './register/status';
import type { DeclaredEntry, RegisterEntry, RegisterStatus } from './register/types';

export { checklistIdsOfRule, rulesRealizing } from './register/rule-realizations';
export { type EvidenceView, repositoryView } from './register/repository';
export { realizationHolds, statusOf } from './register/status';
export * from './register/types';

/** What every area file declares (order does not matter: the register follows the checklist). */
export const DECLARED: readonly DeclaredEntry[] = [
  ...SECURITY,
  ...CONFIGURATION,
  ...DATABASE,
  ...CACHE,
  ...MONITORING_AND_ALERTING,
  ...PERFORMANCE,
  ...CONTAINERS,
  ...TESTING,
  ...DOCUMENTATION,
  ...LEGAL,
  ...OPERATIONS,
];

/** One register entry: the declared entry with its derived rule realization first. */
export function withRules(declared: DeclaredEntry): RegisterEntry {
  const rule = ruleRealization(declared.id);
  return { ...declared, realizations: rule ? [rule, ...declared.realizations] : declared.realizations };
}

/** The register, in checklist order. An id that no area file declares is left out (the test says so). */
export const REGISTER: readonly RegisterEntry[] = CHECKLIST_IDS.flatMap((id) => {
  const declared = DECLARED.find((e) => e.id === id);
  return declared ? [withRules(declared)] : [];
});

/** The entry of an id; throws for an id the register does not hold. */
export function registerEntry(id: string): RegisterEntry {
  const entry = REGISTER.find((e) => e.id === id);
  if (!entry) throw new Error(`${id} is not a checklist id of the register`);
  return entry;
}

let repository: EvidenceView | undefined;

/** The status of an entry from the evidence in this repository (read once, on first use). */
export function registerStatus(entry: RegisterEntry): RegisterStatus {
  repository ??= repositoryView();
  return statusOf(entry, repository);
}

/** The status of every id of the register, in checklist order. */
export function registerStatuses(): ReadonlyMap<ChecklistId, RegisterStatus> {
  return new Map(REGISTER.map((e) => [e.id, registerStatus(e)]));
}
