import { z } from 'zod';
import { FAIL_ON_CHOICES, IMAGE_SCANNING_MODES } from '../../contracts/image-scanning';
import { describe, intIn, matching, oneOf, section } from '../fields';
import { type Ctx, problem, WHY } from '../section-rules';

/** Where the container image comes from. */
export const imageSchema = z.discriminatedUnion(
  'source',
  [
    section({
      /** An ECR repository created by the service stack; CI pushes to it. */
      source: z.literal('ecr'),
      /** Image tag to run (immutable tags; "latest" refused in production). */
      tag: matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'a Docker tag such as "1.4.2"').optional(),
      /** Image digest to run, sha256:<64 hex>. Wins over tag. */
      digest: matching(/^sha256:[0-9a-f]{64}$/, 'an image digest sha256:<64 hex>').optional(),
      /** Images the lifecycle policy keeps. */
      keepImages: intIn(1, 1000, 'images').default(30),
      /**
       * `basic`: scan on push. `enhanced`: Amazon Inspector scans the repository continuously (new
       * CVEs against images already pushed) and reports the OS family; it is set for the registry
       * (the account and region) with a rule scoped to this repository.
       */
      scanning: oneOf(IMAGE_SCANNING_MODES).default('basic'),
      /** Severity at which `npm run image-scan` (the deploy gate) refuses the image. */
      scanFailOn: oneOf(FAIL_ON_CHOICES).default('CRITICAL'),
    }),
    section({
      /** A full image URI in a registry the stage can pull from. */
      source: z.literal('uri'),
      uri: matching(
        /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$/,
        'an image URI with a tag or digest, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2',
      ),
    }),
    section({
      /** A local Dockerfile directory built at deploy time (needs Docker where cdk deploy runs). */
      source: z.literal('asset'),
      /** Directory holding the Dockerfile, relative to the repository root (no leading "/", no ".."). */
      directory: matching(
        /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/]+$/,
        'a directory path relative to the repository root such as "app" (no leading "/", no "..")',
      ),
    }),
  ],
  { error: (i) => `must have "source" set to "ecr", "uri" or "asset", got ${describe(i.input)}` },
);

export type ImageConfig = z.output<typeof imageSchema>;

/** An image the stage can run: an "ecr" image names a tag or a digest. Paths are below service. */
export function checkImage(image: ImageConfig, ctx: Ctx): void {
  if (image.source === 'ecr' && !image.tag && !image.digest) {
    problem(ctx, ['image'], 'an "ecr" image needs a tag or a digest to run');
  }
}

/** Production runs a pinned image, never "latest" (SEC-19, DOCK-01). Paths are below service. */
export function productionImage(image: ImageConfig, ctx: Ctx): void {
  if (image.source === 'ecr' && image.tag === 'latest' && !image.digest) {
    problem(ctx, ['image', 'tag'], `"latest" is not allowed ${WHY}: pin a version tag or a digest`);
  }
  if (image.source === 'uri' && /:latest$/.test(image.uri)) {
    problem(ctx, ['image', 'uri'], `":latest" is not allowed ${WHY}: pin a version tag or a digest`);
  }
}
