import { parse } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { NagRuleCompliance, NagRules } from 'cdk-nag';
import { asArray, resolve, toNumber } from '../utils/values';
import { containersOf } from '../utils/containers';

/**
 * Every container has a memory *hard* limit and a CPU allocation (DOCK-04):
 * - memory: the container's `Memory` (hard limit; `MemoryReservation` alone is a soft limit), or, for a
 *   task that requires `FARGATE`, the task-level `Memory` (Fargate enforces it as the task's hard cap);
 * - cpu: the container's `Cpu`, or the task-level `Cpu` (Fargate).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleCompliance => {
    if (!(node instanceof CfnTaskDefinition)) return NagRuleCompliance.NOT_APPLICABLE;
    const compatibilities = asArray(resolve(node, node.requiresCompatibilities));
    const fargate = compatibilities.includes('FARGATE');
    const taskMemory = toNumber(NagRules.resolveIfPrimitive(node, node.memory));
    const taskCpu = toNumber(NagRules.resolveIfPrimitive(node, node.cpu));
    for (const container of containersOf(node, node.containerDefinitions)) {
      const memory = toNumber(NagRules.resolveIfPrimitive(node, container.memory));
      const cpu = toNumber(NagRules.resolveIfPrimitive(node, container.cpu));
      const hasMemoryLimit = (memory !== undefined && memory > 0) || (fargate && taskMemory !== undefined);
      const hasCpu = (cpu !== undefined && cpu > 0) || taskCpu !== undefined;
      if (!hasMemoryLimit || !hasCpu) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
