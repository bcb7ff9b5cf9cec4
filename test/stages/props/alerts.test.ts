import { alertsStackProps } from '../../../lib/stages/props/alerts';
import { dev, prod } from './configs';

describe('alertsStackProps: the alerts stack from config, without synthesizing', () => {
  test('production: the topic key is kept; the email subscribers come from alerts.emails', () => {
    expect(alertsStackProps(prod)).toEqual({
      description: 'Shipshape prod: alerts topic and subscribers',
      alerts: { stageName: 'prod', emails: ['oncall@example.com'], retainKey: true },
    });
  });

  test('dev: the key goes with the stack; the stack is not protected (it holds no state)', () => {
    const props = alertsStackProps(dev);
    expect(props.alerts).toEqual({ stageName: 'dev', emails: ['dev-alerts@example.com'], retainKey: false });
    expect(props.terminationProtection).toBeUndefined();
  });
});
