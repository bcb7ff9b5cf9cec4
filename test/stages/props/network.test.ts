import { networkStackProps } from '../../../lib/stages/props/network';
import { dev, prod } from './configs';

describe('networkStackProps: the network stack from config, without synthesizing', () => {
  test('production: termination protection, the logs key and the flow logs kept', () => {
    const props = networkStackProps(prod);
    expect(props.terminationProtection).toBe(true);
    expect(props.logsKey).toEqual({
      purpose: 'logs',
      stageName: 'prod',
      servicePrincipals: ['logs'],
      retain: true,
    });
    expect(props.network).toEqual({ ...prod.network, retainLogs: true });
    expect(props.network.natGateways).toBe(3);
    expect(props.description).toBe('Shipshape prod: VPC, endpoints, flow logs, logs key');
  });

  test('dev: deletable, nothing kept, the VPC exactly as config describes it', () => {
    const props = networkStackProps(dev);
    expect(props.terminationProtection).toBe(false);
    expect(props.logsKey.retain).toBe(false);
    expect(props.network).toEqual({
      cidr: '10.10.0.0/16',
      maxAzs: 2,
      natGateways: 1,
      subnetMasks: { public: 24, private: 22, isolated: 24 },
      flowLogRetentionDays: 30,
      retainLogs: false,
    });
  });
});
