import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';

/** Every environment, keyed by the name `-c env=<name>` selects. Order is deployment order. */
export const environments = { dev, staging, prod } as const;
