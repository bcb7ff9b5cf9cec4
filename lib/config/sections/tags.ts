import { z } from 'zod';
import { matching } from '../fields';

/** Free-form AWS tags applied to every resource of the stage. */
export const tagsSchema = z
  .record(matching(/^[A-Za-z0-9 _.:/=+@-]{1,128}$/, 'an AWS tag key'), z.string().max(256))
  .default({});
