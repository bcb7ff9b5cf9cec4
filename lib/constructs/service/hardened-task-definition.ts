import { Duration, Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, resourceOf } from '../platform/acknowledge';
import { SHARED_VOLUME_NAME, type SharedVolume } from '../artifacts/shared-volume';
import type { ContainerEnvironment } from './container-environment';

/** Name of the application container in every task definition. */
export const CONTAINER_NAME = 'api';

/** What config decides about every task definition of the service (plain data). */
export interface TaskDefinitionOptions {
  /** Fargate task CPU units. */
  readonly cpu: number;
  /** Fargate task memory in MiB; also the container's hard limit. */
  readonly memoryMiB: number;
  /** CPU architecture of the image. */
  readonly cpuArchitecture: 'X86_64' | 'ARM64';
  /** Non-root uid:gid the container runs as. */
  readonly user: { readonly uid: number; readonly gid: number };
  /** Port the serving container listens on. */
  readonly containerPort: number;
  /** Path the default container health check requests. */
  readonly healthCheckPath: string;
  /**
   * Container health check in Docker exec form.
   * @default - {@link defaultHealthCommand}: a GET of the health path with the image's Python
   */
  readonly containerHealthCommand?: readonly string[];
  /** Seconds a container gets after SIGTERM before SIGKILL. */
  readonly stopTimeoutSeconds: number;
  /** Writable paths on the otherwise read-only root filesystem (task-local scratch volumes). */
  readonly scratchPaths: readonly string[];
  /** Where the shared volume is mounted, when a task definition gets one. */
  readonly sharedVolumeMountPath: string;
}

/** Props of {@link HardenedTaskDefinition}: the service's task options and this task's wiring. */
export interface HardenedTaskDefinitionProps extends TaskDefinitionOptions {
  /** Image to run. */
  readonly image: ecs.ContainerImage;
  /** Variables and secrets. */
  readonly environment: ContainerEnvironment;
  /** Log group (KMS-encrypted, retention set) and the stream prefix of this task's containers. */
  readonly logGroup: logs.ILogGroup;
  readonly streamPrefix: string;
  /** Task role (what the app may call) and execution role (what ECS needs to start the task). */
  readonly taskRole: iam.IRole;
  readonly executionRole: iam.IRole;
  /**
   * Command overriding the image's CMD (one-off tasks).
   * @default - the image's CMD (the API server)
   */
  readonly command?: readonly string[];
  /**
   * Serve HTTP: a port mapping and a container health check.
   * @default false
   */
  readonly serving?: boolean;
  /**
   * Persistent volume, mounted read-write at {@link TaskDefinitionOptions.sharedVolumeMountPath}.
   * @default - none
   */
  readonly sharedVolume?: SharedVolume;
}

/**
 * A Fargate task definition whose one container is hardened the same way for the API, the
 * migration and the retraining task (SEC-18, DOCK-04): non-root uid:gid, read-only root
 * filesystem with task-local scratch volumes for the configured writable paths, not privileged,
 * every Linux capability dropped, an init process reaping zombies, a memory hard limit equal to the
 * task's memory, logs to the encrypted group, a stop timeout for graceful shutdown.
 */
export class HardenedTaskDefinition extends Construct {
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** Its container. */
  public readonly container: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: HardenedTaskDefinitionProps) {
    super(scope, id);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.of(props.cpuArchitecture),
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: props.taskRole,
      executionRole: props.executionRole,
    });
    const linuxParameters = new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true });
    linuxParameters.dropCapabilities(ecs.Capability.ALL);
    this.container = this.taskDefinition.addContainer(CONTAINER_NAME, {
      containerName: CONTAINER_NAME,
      image: props.image,
      command: props.command && [...props.command],
      user: `${props.user.uid}:${props.user.gid}`,
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters,
      memoryLimitMiB: props.memoryMiB,
      environment: props.environment.environment,
      secrets: props.environment.secrets,
      logging: ecs.LogDrivers.awsLogs({
        logGroup: props.logGroup,
        streamPrefix: props.streamPrefix,
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
      }),
      stopTimeout: Duration.seconds(props.stopTimeoutSeconds),
      essential: true,
      ...(props.serving
        ? {
            portMappings: [
              { containerPort: props.containerPort, name: 'http', appProtocol: ecs.AppProtocol.http },
            ],
            healthCheck: {
              command: [...(props.containerHealthCommand ?? defaultHealthCommand(props))],
              interval: Duration.seconds(30),
              timeout: Duration.seconds(5),
              retries: 3,
              startPeriod: Duration.seconds(60),
            },
          }
        : {}),
    });
    props.scratchPaths.forEach((containerPath, i) => {
      // A Fargate bind-mount volume without a host path is task-local ephemeral storage.
      const name = `scratch-${i}`;
      this.taskDefinition.addVolume({ name });
      this.container.addMountPoints({ containerPath, sourceVolume: name, readOnly: false });
    });
    if (props.sharedVolume) {
      this.taskDefinition.addVolume(props.sharedVolume.volume());
      this.container.addMountPoints({
        containerPath: props.sharedVolumeMountPath,
        sourceVolume: SHARED_VOLUME_NAME,
        readOnly: false,
      });
      props.sharedVolume.grantMount(props.taskRole);
    }
    acknowledge(
      resourceOf(this.taskDefinition),
      'AwsSolutions-ECS2',
      'The container environment holds only non-secret settings from config and the data tier (ENVIRONMENT, DEBUG, CORS_ORIGINS, endpoints, ports, bucket name); config validation refuses credential-like names and every credential is injected from Secrets Manager through the container Secrets (SEC-12).',
    );
  }
}

/**
 * The default container health check: an HTTP GET of the health path on loopback with the
 * image's Python (the seed apps are Python), exec form so no shell is needed; urlopen raises, and
 * the process exits non-zero, on anything but a 2xx.
 */
export function defaultHealthCommand(
  service: Pick<TaskDefinitionOptions, 'containerPort' | 'healthCheckPath'>,
): string[] {
  const url = `http://127.0.0.1:${service.containerPort}${service.healthCheckPath}`;
  return ['CMD', 'python3', '-c', `import urllib.request as u; u.urlopen('${url}', timeout=4)`];
}
