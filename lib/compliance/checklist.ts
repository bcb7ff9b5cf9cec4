/**
 * The ids of the production-readiness checklist (docs/security.md lists every one with its
 * requirement), copied into the repository so that it stands alone: areas, the id type and the
 * list. The register test checks the register covers exactly these ids and, when the team's shared
 * checklist sits next to the repository, that both lists agree.
 */

/** Areas of the checklist, in report order: an id's prefix names its area. */
export const AREAS = {
  SEC: 'Security',
  CFG: 'Configuration',
  DB: 'Database',
  CACHE: 'Cache',
  MON: 'Monitoring and alerting',
  PERF: 'Performance',
  DOCK: 'Containers and orchestration',
  TEST: 'Testing',
  DOC: 'Documentation',
  LEG: 'Legal and data retention',
  OPS: 'Operations',
} as const;

export type Area = keyof typeof AREAS;

/** A checklist id such as `SEC-01`. */
export type ChecklistId = `${Area}-${string}`;

/** How many items each area holds (ids run from 01). */
const AREA_SIZES: Readonly<Record<Area, number>> = {
  SEC: 22,
  CFG: 6,
  DB: 8,
  CACHE: 2,
  MON: 10,
  PERF: 5,
  DOCK: 6,
  TEST: 9,
  DOC: 5,
  LEG: 3,
  OPS: 3,
};

/**
 * Items the two seed checklists ask for that the shared checklist has no id for, numbered after
 * the shared ids of their area. The shared checklist's ids are {@link CHECKLIST_IDS} without these.
 */
export const ADDED_IDS: readonly ChecklistId[] = ['TEST-07', 'TEST-08', 'TEST-09', 'OPS-03'];

/** Every checklist id, in checklist order. */
export const CHECKLIST_IDS: readonly ChecklistId[] = (Object.keys(AREAS) as Area[]).flatMap((area) =>
  Array.from(
    { length: AREA_SIZES[area] },
    (_, i) => `${area}-${String(i + 1).padStart(2, '0')}` as ChecklistId,
  ),
);

/** The area of an id (`SEC-01` → `SEC`). */
export function areaOf(id: ChecklistId): Area {
  return id.slice(0, id.lastIndexOf('-')) as Area;
}

/** Whether a string is one of the checklist's ids. */
export function isChecklistId(id: string): id is ChecklistId {
  return (CHECKLIST_IDS as readonly string[]).includes(id);
}
