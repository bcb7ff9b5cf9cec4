import { dataStackProps } from '../../../lib/stages/props/data';
import { dev, prod, staging } from './configs';

describe('dataStackProps: the stateful stack from config, without synthesizing', () => {
  test('production: termination protection, Multi-AZ database and cache, every piece of state kept', () => {
    const props = dataStackProps(prod);
    expect(props.terminationProtection).toBe(true);
    expect(props.database).toMatchObject({
      stageName: 'prod',
      multiAz: true,
      deletionProtection: true,
      backupRetentionDays: 14,
      instanceClass: 'db.r7g.large',
      retain: true,
      logRetention: 365,
    });
    expect(props.cache).toMatchObject({ multiAz: true, nodes: 2, snapshotRetentionDays: 15, retain: true });
    expect(props.backup).toEqual({
      stageName: 'prod',
      retain: true,
      dailyBackupDays: 35,
      monthlyBackupDays: 365,
    });
    expect(props.logsKey).toEqual({
      purpose: 'data-logs',
      stageName: 'prod',
      servicePrincipals: ['logs'],
      retain: true,
    });
  });

  test('dev: single AZ, no protection, only the keys of data and secrets kept', () => {
    const props = dataStackProps(dev);
    expect(props.terminationProtection).toBe(false);
    expect(props.database).toMatchObject({ multiAz: false, deletionProtection: false, retain: false });
    expect(props.cache).toMatchObject({ multiAz: false, nodes: 1, retain: false });
    expect(props.backup).toMatchObject({ retain: false, monthlyBackupDays: 0 });
    expect(props.logsKey.retain).toBe(false);
    // What the data and secrets keys encrypt (snapshots, retained secrets) outlives any stack.
    expect(props.dataKey).toEqual({ purpose: 'data', stageName: 'dev', retain: true });
    expect(props.secretsKey).toEqual({ purpose: 'secrets', stageName: 'dev', retain: true });
  });

  test.each([dev, staging, prod])(
    '$stage.name: the rotation schedules, log retention and secrets come from config',
    (config) => {
      const props = dataStackProps(config);
      expect(props.apiKeyRotation.interval?.toDays()).toBe(config.rotation.apiKeyDays);
      expect(props.cacheUserRotation.interval?.toDays()).toBe(config.rotation.cacheUserDays);
      expect(props.apiKeyRotation.logRetention).toBe(config.retention.logDays);
      expect(props.cache.logRetention).toBe(config.retention.logDays);
      expect(props.secrets).toEqual({ stageName: config.stage.name, appSecrets: config.service.secrets });
      expect(props.database.databaseName).toBe(config.database.databaseName);
      expect(props.description).toBe(
        `Shipshape ${config.stage.name}: PostgreSQL, RDS Proxy, cache, keys, secrets, backups`,
      );
    },
  );
});
