import type { z } from 'zod';
import { MAX_ROTATION_DAYS } from '../../contracts/production-floors';
import { intIn, section } from '../fields';
import { type Ctx, problem, type StageFacts, WHY } from '../section-rules';

/** Secret rotation intervals (SEC-03; <= 90 days in production, default with margin). */
export const rotationSchema = section({
  /** PUBLIC_API_KEY / ADMIN_API_KEY rotation interval. */
  apiKeyDays: intIn(1, 365, 'days').default(30),
  /** Cache application user password rotation interval. */
  cacheUserDays: intIn(1, 365, 'days').default(30),
});

export type RotationConfig = z.output<typeof rotationSchema>;

/** Rotation intervals: at most 90 days in production (SEC-03). */
export function checkRotation(rotation: RotationConfig, ctx: Ctx, stage: StageFacts): void {
  if (!stage.production) return;
  for (const field of ['apiKeyDays', 'cacheUserDays'] as const) {
    if (rotation[field] > MAX_ROTATION_DAYS) {
      problem(
        ctx,
        [field],
        `must be at most ${MAX_ROTATION_DAYS} days ${WHY} (SEC-03), got ${rotation[field]}`,
      );
    }
  }
}
