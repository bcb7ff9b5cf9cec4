import { Stack } from 'aws-cdk-lib';
import { type Finding, flagged, newApp, reported, runRule, taskDefinition } from './helpers';

const RULE = 'ProductionReadiness-ContainerResourceLimits';

describe('ContainerResourceLimits: every container has a memory hard limit and a CPU allocation', () => {
  let findings: Finding[];
  beforeAll(() => {
    const app = newApp();
    const ec2 = {
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      cpu: undefined,
      memory: undefined,
    };
    taskDefinition(new Stack(app, 'Noncompliance1'), [{ memoryReservation: 256, cpu: 256 }], ec2);
    taskDefinition(new Stack(app, 'Noncompliance2'), [{ memory: 512 }], ec2);
    taskDefinition(new Stack(app, 'Noncompliance3'), [{ cpu: 256 }], { memory: undefined });
    taskDefinition(new Stack(app, 'Compliance'), [{}]); // Fargate task-level cpu 256 / memory 512
    taskDefinition(new Stack(app, 'ComplianceEc2'), [{ memory: 512, cpu: 256 }], ec2);
    findings = runRule(app, RULE);
  });

  test('Noncompliance 1: EC2 task, MemoryReservation only (soft limit)', () => {
    expect(flagged(findings, RULE, 'Noncompliance1')).toHaveLength(1);
  });
  test('Noncompliance 2: EC2 task, no CPU anywhere', () => {
    expect(flagged(findings, RULE, 'Noncompliance2')).toHaveLength(1);
  });
  test('Noncompliance 3: Fargate task without task-level Memory and no container Memory', () => {
    expect(flagged(findings, RULE, 'Noncompliance3')).toHaveLength(1);
  });
  test('Compliance: Fargate task-level limits; EC2 container Memory and Cpu', () => {
    expect(reported(findings, RULE, 'Compliance')).toEqual([]);
    expect(reported(findings, RULE, 'ComplianceEc2')).toEqual([]);
  });
});
