/**
 * Tag contract: a secret that holds an API key carries `shipshape:purpose = api-key` (SEC-01..03).
 * The rotation constructs set it; the compliance rules read it.
 */
export const PURPOSE_TAG_KEY = 'shipshape:purpose';
/** Value of {@link PURPOSE_TAG_KEY} on an API-key secret. */
export const API_KEY_PURPOSE = 'api-key';
/** Value of {@link PURPOSE_TAG_KEY} on a named application secret from config (`service.secrets`). */
export const APP_SECRET_PURPOSE = 'app-secret';
/**
 * Tag contract (MON-05): a Synthetics canary carries `shipshape:monitors = <construct path>` where the
 * path is the ALB's L2 construct path (e.g. `Prod/Edge/Alb`) or its L1 path (`Prod/Edge/Alb/Resource`).
 */
export const MONITORS_TAG_KEY = 'shipshape:monitors';
