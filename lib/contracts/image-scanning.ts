/**
 * How an ECR repository's images are scanned (SEC-19): `basic` scans on push; `enhanced` has
 * Amazon Inspector scan continuously (new CVEs against images already pushed) and report the OS.
 */
export const IMAGE_SCANNING_MODES = ['basic', 'enhanced'] as const;
/** One of {@link IMAGE_SCANNING_MODES}. */
export type ImageScanningMode = (typeof IMAGE_SCANNING_MODES)[number];

/** Thresholds the deploy gate may refuse an image at: findings of this severity or worse block it. */
export const FAIL_ON_CHOICES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
/** One of {@link FAIL_ON_CHOICES}. */
export type FailOn = (typeof FAIL_ON_CHOICES)[number];
