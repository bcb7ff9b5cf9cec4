import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ImageSource } from '../../../lib/constructs/artifacts/image-source';

// A small stack per image source; validation off (the compliance test covers the real stack).
const DIGEST = `sha256:${'a'.repeat(64)}`;
const app = new App({ builtinCloudFormationValidation: false });
const stack = new Stack(app, 'Images', { env: { account: '111111111111', region: 'eu-west-1' } });
const key = new kms.Key(stack, 'Key');
const byDigest = new ImageSource(stack, 'ByDigest', {
  image: {
    source: 'ecr',
    tag: '1.4.2',
    digest: DIGEST,
    keepImages: 5,
    scanning: 'basic',
    scanFailOn: 'CRITICAL',
  },
  encryptionKey: key,
  retain: false,
});
const byTag = new ImageSource(stack, 'ByTag', {
  image: { source: 'ecr', tag: '1.4.2', keepImages: 5, scanning: 'basic', scanFailOn: 'CRITICAL' },
  encryptionKey: key,
  retain: true,
});
const task = new ecs.FargateTaskDefinition(stack, 'Task');
task.addContainer('digest', { image: byDigest.image, memoryLimitMiB: 512 });
task.addContainer('tag', { image: byTag.image, memoryLimitMiB: 512 });
const template = Template.fromStack(stack);
const images = Object.fromEntries(
  (
    Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0]!.Properties.ContainerDefinitions as {
      Name: string;
      Image: unknown;
    }[]
  ).map((c) => [c.Name, JSON.stringify(c.Image)]),
);

describe('ImageSource: ecr images pinned by digest when given, else by tag', () => {
  test('a digest wins over the tag and is referenced with @', () => {
    expect(images.digest).toContain(`@${DIGEST}`);
    expect(images.digest).not.toContain(':1.4.2');
  });

  test('without a digest the tag is used', () => {
    expect(images.tag).toContain(':1.4.2"');
  });

  test('each ecr source owns its repository, with the lifecycle count from config', () => {
    template.resourceCountIs('AWS::ECR::Repository', 2);
    expect(byDigest.repository).toBeDefined();
    template.hasResourceProperties('AWS::ECR::Repository', {
      LifecyclePolicy: {
        LifecyclePolicyText: `{"rules":[{"rulePriority":1,"description":"keep the last 5 images","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}}]}`,
      },
    });
  });

  test('a registry URI creates no repository', () => {
    const other = new Stack(new App({ builtinCloudFormationValidation: false }), 'Uri');
    const source = new ImageSource(other, 'Uri', {
      image: { source: 'uri', uri: 'public.ecr.aws/example/api:1.2.3' },
      encryptionKey: new kms.Key(other, 'Key'),
      retain: false,
    });
    expect(source.repository).toBeUndefined();
    Template.fromStack(other).resourceCountIs('AWS::ECR::Repository', 0);
  });
});

describe('enhanced scanning (SEC-19)', () => {
  const { sharedTemplate } = require('../../support/assembly') as typeof import('../../support/assembly');
  const { errorOf } = require('../../support/config-edits') as typeof import('../../support/config-edits');

  test("prod's config asks for it: the registry scans the service's repository continuously", () => {
    const prod = sharedTemplate('prod', 'Service');
    const repository = Object.keys(prod.findResources('AWS::ECR::Repository'))[0]!;
    prod.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 1);
    prod.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [
        {
          ScanFrequency: 'CONTINUOUS_SCAN',
          RepositoryFilters: [{ Filter: { Ref: repository }, FilterType: 'WILDCARD' }],
        },
      ],
    });
    // Basic scanning (dev) leaves the registry's configuration alone.
    sharedTemplate('dev', 'Service').resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
  });

  test('two stages in one account and region cannot both own the registry scanning configuration', () => {
    const message = errorOf('staging', (c) => {
      c.account = '333333333333';
      c.network.cidr = '10.99.0.0/16';
      c.service.image = { ...c.service.image, scanning: 'enhanced' };
    });
    expect(message).toContain(
      "prod: service.image.scanning: 'enhanced' is already set by staging in the same account and region",
    );
  });
});
