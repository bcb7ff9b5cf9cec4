import { OPERATIONS } from './register/operations';
import { PLATFORM } from './register/platform';
import { PROCESS } from './register/process';
import { SECURITY } from './register/security';
import type { ChecklistId } from './checklist';
import type { RegisterEntry } from './register/types';

export * from './register/types';

/** The register, in checklist order. */
export const REGISTER: readonly RegisterEntry[] = [...SECURITY, ...PLATFORM, ...OPERATIONS, ...PROCESS];

/** The entry of an id; throws for an id the register does not hold. */
export function registerEntry(id: string): RegisterEntry {
  const entry = REGISTER.find((e) => e.id === id);
  if (!entry) throw new Error(`${id} is not a checklist id of the register`);
  return entry;
}

/** Register ids whose evidence cites this rule id (the reverse index the audit joins findings on). */
export function checklistIdsOfRule(ruleId: string): ChecklistId[] {
  const base = ruleId.replace(/\[.*\]$/, '');
  return REGISTER.filter((e) =>
    e.realizations.some((r) => r.evidence.rules?.some((id) => id === base || id === ruleId)),
  ).map((e) => e.id);
}
