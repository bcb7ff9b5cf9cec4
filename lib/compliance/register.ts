import { OPERATIONS } from './register/operations';
import { PLATFORM } from './register/platform';
import { PROCESS } from './register/process';
import { SECURITY } from './register/security';
import { AREAS, type Area, type RegisterEntry, type RegisterId } from './register/types';

export * from './register/types';

/**
 * Every id of the production-readiness checklist (/work/shared/checklist.md), copied so that the
 * repository stands alone. The register test checks the register covers exactly these ids and, when
 * the shared checklist sits next to the repository, that both lists agree.
 */
export const CHECKLIST_IDS: readonly RegisterId[] = [
  ...range('SEC', 22),
  ...range('CFG', 6),
  ...range('DB', 8),
  ...range('CACHE', 2),
  ...range('MON', 10),
  ...range('PERF', 5),
  ...range('DOCK', 6),
  ...range('TEST', 6),
  ...range('DOC', 5),
  ...range('LEG', 3),
  ...range('OPS', 2),
];

function range(area: Area, count: number): RegisterId[] {
  return Array.from({ length: count }, (_, i) => `${area}-${String(i + 1).padStart(2, '0')}` as RegisterId);
}

/** The register, in checklist order. */
export const REGISTER: readonly RegisterEntry[] = [...SECURITY, ...PLATFORM, ...OPERATIONS, ...PROCESS];

/** The area of an id (`SEC-01` → `SEC`). */
export function areaOf(id: RegisterId): Area {
  return id.slice(0, id.lastIndexOf('-')) as Area;
}

/** The entry of an id; throws for an id the register does not hold. */
export function registerEntry(id: string): RegisterEntry {
  const entry = REGISTER.find((e) => e.id === id);
  if (!entry) throw new Error(`${id} is not a checklist id of the register`);
  return entry;
}

/** Register ids whose evidence cites this rule id (the reverse index the audit joins findings on). */
export function checklistIdsOfRule(ruleId: string): RegisterId[] {
  const base = ruleId.replace(/\[.*\]$/, '');
  return REGISTER.filter((e) =>
    e.realizations.some((r) => r.evidence.rules?.some((id) => id === base || id === ruleId)),
  ).map((e) => e.id);
}

export { AREAS };
