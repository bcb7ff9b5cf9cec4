/** The image a scan is read for. */
export interface ImageRef {
  /** Repository name (without the registry host). */
  readonly repositoryName: string;
  /** Registry (account id); the caller's account when absent. */
  readonly registryId?: string;
  /** Region of the registry, when the repository was given as a URI. */
  readonly region?: string;
  /** Exactly one of tag or digest. */
  readonly imageTag?: string;
  readonly imageDigest?: string;
}

const URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*)$/;
const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Why a repository, tag or digest cannot name an ECR image; the message names the flag. */
export class ImageRefError extends Error {}

/**
 * Reads `repository` as an ECR repository URI (`<account>.dkr.ecr.<region>.amazonaws.com/<name>`,
 * the `RepositoryUri` output of the Service stack) or a bare repository name.
 */
export function imageRef(repository: string, image: { tag?: string; digest?: string }): ImageRef {
  const uri = URI.exec(repository.trim());
  const repositoryName = uri ? uri[3]! : repository.trim();
  if (!NAME.test(repositoryName) || repositoryName.length > 256) {
    throw new ImageRefError(
      `--repository must be an ECR repository name or URI (<account>.dkr.ecr.<region>.amazonaws.com/<name>), got "${repository}"`,
    );
  }
  if ((image.tag === undefined) === (image.digest === undefined)) {
    throw new ImageRefError('give exactly one of --tag or --digest');
  }
  if (image.digest !== undefined && !DIGEST.test(image.digest)) {
    throw new ImageRefError(`--digest must be sha256:<64 hex digits>, got "${image.digest}"`);
  }
  if (image.tag !== undefined && !TAG.test(image.tag)) {
    throw new ImageRefError(
      `--tag must be a Docker tag (letters, digits, _ . -; at most 128), got "${image.tag}"`,
    );
  }
  return {
    repositoryName,
    ...(uri ? { registryId: uri[1]!, region: uri[2]! } : {}),
    ...(image.tag !== undefined ? { imageTag: image.tag } : {}),
    ...(image.digest !== undefined ? { imageDigest: image.digest } : {}),
  };
}

/** `name:tag` or `name@sha256:…`, for messages. */
export function describeImage(ref: ImageRef): string {
  return ref.imageDigest
    ? `${ref.repositoryName}@${ref.imageDigest}`
    : `${ref.repositoryName}:${ref.imageTag}`;
}
