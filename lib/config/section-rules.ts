import type { z } from 'zod';

/** The context a section's cross-field rules report to (zod's superRefine context). */
export type Ctx = z.RefinementCtx;
/** A field path inside the section. */
export type Path = (string | number)[];

/** Reports one problem at `path` inside the section. */
export function problem(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** What a section's rules need to know about the stage it belongs to (read before parsing). */
export interface StageFacts {
  /** stage.production: switches on the production invariants. */
  readonly production: boolean;
  /** The stage's region, when it is a valid string. @default - unknown */
  readonly region?: string;
  /** The stage's account, when it is a valid string. @default - unknown */
  readonly account?: string;
  /** `domain.hostedZoneId`, when it is a string (the CDN's certificate and record go there). @default - unknown */
  readonly hostedZoneId?: string;
  /** `domain.domainName`, when it is a string (the CDN's name must differ). @default - unknown */
  readonly apiDomainName?: string;
}

/** Why a production invariant applies, as the messages say it. */
export const WHY = 'in a production stage';
