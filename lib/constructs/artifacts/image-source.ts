import { resolve } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ServiceConfig } from '../../config';

/** Where the image comes from: an ECR repository made here, a registry URI or a local directory. */
export type ImageReference = ServiceConfig['image'];

/** What config decides about the API image (plain data). */
export interface ImageSourceOptions {
  /** Where the image comes from. */
  readonly image: ImageReference;
  /** Keep the repository (and its images) when the stack is deleted (production). */
  readonly retain: boolean;
  /**
   * Directory an `asset` image path is relative to.
   * @default - the current working directory (the repository root, where `cdk` runs)
   */
  readonly assetRoot?: string;
}

/** Props of {@link ImageSource}: its options and the key of a repository made here. */
export interface ImageSourceProps extends ImageSourceOptions {
  /** Key an ECR repository created here is encrypted with. */
  readonly encryptionKey: kms.IKey;
}

/**
 * The API image (DOCK-01, SEC-19). `ecr`: a private repository created here (scan on push, or
 * continuous enhanced scanning by Amazon Inspector when config asks for it; immutable tags, KMS
 * encryption, lifecycle keeping the last `keepImages` images), the image pinned by digest when
 * config gives one, else by tag. `uri`: a full image reference. `asset`: a local
 * Dockerfile directory built and pushed by `cdk deploy`.
 */
export class ImageSource extends Construct {
  /** The image every task definition of the service runs. */
  public readonly image: ecs.ContainerImage;
  /** The repository, when the image source is `ecr`. */
  public readonly repository?: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageSourceProps) {
    super(scope, id);
    const source = props.image;
    switch (source.source) {
      case 'ecr': {
        const repository = new ecr.Repository(this, 'Repository', {
          imageScanOnPush: true,
          imageTagMutability: ecr.TagMutability.IMMUTABLE,
          encryption: ecr.RepositoryEncryption.KMS,
          encryptionKey: props.encryptionKey,
          lifecycleRules: [
            {
              description: `keep the last ${source.keepImages} images`,
              maxImageCount: source.keepImages,
              tagStatus: ecr.TagStatus.ANY,
            },
          ],
          removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          emptyOnDelete: false,
        });
        this.repository = repository;
        if (source.scanning === 'enhanced') {
          // Enhanced scanning is a setting of the registry (account and region), not of a repository:
          // Amazon Inspector rescans this repository's images whenever a new CVE is published.
          // Config allows one stage per account and region to own it (lib/config/validate.ts).
          new ecr.CfnRegistryScanningConfiguration(this, 'RegistryScanning', {
            scanType: 'ENHANCED',
            rules: [
              {
                scanFrequency: 'CONTINUOUS_SCAN',
                repositoryFilters: [{ filter: repository.repositoryName, filterType: 'WILDCARD' }],
              },
            ],
          });
        }
        // Config validation guarantees a tag or a digest; the digest wins (it names exact bytes).
        this.image = ecs.ContainerImage.fromEcrRepository(repository, source.digest ?? source.tag);
        break;
      }
      case 'uri':
        this.image = ecs.ContainerImage.fromRegistry(source.uri);
        break;
      case 'asset':
        this.image = ecs.ContainerImage.fromAsset(
          resolve(props.assetRoot ?? process.cwd(), source.directory),
        );
        break;
    }
  }
}
