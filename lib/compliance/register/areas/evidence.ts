import type { DeclaredEvidence, DeclaredKind, DeclaredRealization, TestRef } from '../types';

function realization(kind: DeclaredKind, evidence: DeclaredEvidence, covers?: string): DeclaredRealization {
  return { kind, evidence, ...(covers === undefined ? {} : { covers }) };
}

/** The stacks build it; a test proves it is in the template. */
export const built = (evidence: DeclaredEvidence, covers?: string): DeclaredRealization =>
  realization('infra', evidence, covers);

/** A command of the project does it. */
export const tool = (evidence: DeclaredEvidence, covers?: string): DeclaredRealization =>
  realization('tool', evidence, covers);

/** A documented procedure a person follows. */
export const runbook = (evidence: DeclaredEvidence, covers?: string): DeclaredRealization =>
  realization('runbook', evidence, covers);

/** The container's own job, stated in the app contract. */
export const app = (evidence: DeclaredEvidence, covers?: string): DeclaredRealization =>
  realization('app', evidence, covers);

/** A test file, or the tests of that file whose name contains `name`. */
export const test = (file: string, name?: string): TestRef => ({
  file,
  ...(name === undefined ? {} : { name }),
});
