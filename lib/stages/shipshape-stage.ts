import { Aspects, Stage, type StageProps, Tags, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { acknowledgementsFor, applyAcknowledgements } from '../compliance/acknowledgements';
import { ProductionReadinessChecks } from '../compliance/production-readiness-pack';
import { stagePolicy } from '../compliance/stage-policy';
import type { ShipshapeConfig } from '../config';
import { EscalationInAlarms } from '../constructs/alerts/escalation';
import { AlertsStack } from '../stacks/alerts-stack';
import { CdnEdgeStack } from '../stacks/cdn-edge-stack';
import { CdnStack } from '../stacks/cdn-stack';
import { DataStack } from '../stacks/data-stack';
import { MonitoringStack } from '../stacks/monitoring-stack';
import { NetworkStack } from '../stacks/network-stack';
import { ServiceStack } from '../stacks/service-stack';
import { alertsStackProps } from './props/alerts';
import { cdnStackProps } from './props/cdn';
import { cdnEdgeStackProps } from './props/cdn-edge';
import { dataStackProps } from './props/data';
import { monitoringStackProps } from './props/monitoring';
import { networkStackProps } from './props/network';
import { serviceStackProps } from './props/service';

/** Props of {@link ShipshapeStage}. */
export interface ShipshapeStageProps extends StageProps {
  /** The environment's validated config. */
  readonly config: ShipshapeConfig;
  /** Register the ProductionReadiness pack on this stage. @default true */
  readonly engines?: boolean;
}

/**
 * One environment: its own account and region, its stacks, and the acknowledgements that apply to
 * it. Stateful stacks carry termination protection in production.
 */
export class ShipshapeStage extends Stage {
  /** The network stack. */
  public readonly network: NetworkStack;
  /** The alerts topic. */
  public readonly alerts: AlertsStack;
  /** The stateful data stack. */
  public readonly data: DataStack;
  /** The stateless service tier. */
  public readonly service: ServiceStack;
  /** Canary, webhooks, alarms and dashboard. */
  public readonly monitoring: MonitoringStack;
  /** The CDN's certificate and web ACL in us-east-1, when `cdn.enabled`. */
  public readonly cdnEdge?: CdnEdgeStack;
  /** The CDN (assets bucket, distribution), when `cdn.enabled`. */
  public readonly cdn?: CdnStack;

  constructor(scope: Construct, id: string, props: ShipshapeStageProps) {
    const { config } = props;
    super(scope, id, { ...props, env: { account: config.account, region: config.region } });

    this.network = new NetworkStack(this, 'Network', networkStackProps(config));

    this.alerts = new AlertsStack(this, 'Alerts', alertsStackProps(config));
    this.data = new DataStack(this, 'Data', { ...dataStackProps(config), vpc: this.network.vpc });
    this.alerts.route(...this.data.alarms);
    this.service = new ServiceStack(this, 'Service', {
      ...serviceStackProps(config),
      vpc: this.network.vpc,
      logsKey: this.network.logsKey,
      data: this.data.tier,
    });
    this.alerts.route(...this.service.alarms);
    this.monitoring = new MonitoringStack(this, 'Monitoring', {
      ...monitoringStackProps(config),
      vpc: this.network.vpc,
      topic: this.alerts.topic,
      data: this.data.monitored,
      service: this.service.monitored,
    });
    this.alerts.route(...this.monitoring.alarms);

    if (config.cdn.enabled) {
      // CloudFront takes its certificate and web ACL from us-east-1 only.
      this.cdnEdge = new CdnEdgeStack(this, 'CdnEdge', cdnEdgeStackProps(config));
      this.cdn = new CdnStack(this, 'Cdn', {
        ...cdnStackProps(config),
        certificate: this.cdnEdge.certificate,
        webAclArn: this.cdnEdge.webAclArn,
      });
    }

    Tags.of(this).add('shipshape:stage', config.stage.name);
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);
    if (config.contacts.escalation.length > 0) Aspects.of(this).add(new EscalationInAlarms(config.contacts));
    applyAcknowledgements(this, acknowledgementsFor(config));
    if (props.engines ?? true) {
      // Our own pack runs per stage: its profile (production or not) comes from the stage.
      Validations.of(this).addPlugins(
        new ProductionReadinessChecks(this, stagePolicy(config), { within: this }),
      );
    }
  }
}
