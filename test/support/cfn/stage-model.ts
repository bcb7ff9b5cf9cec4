import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import type { ResourceRef } from '../../../lib/contracts/access-path';
import { type PhysicalValues, physicalValues, type StageEnv } from './physical';

/*
 * The resources of one stage's stacks with every intrinsic resolved to the value it stands for at
 * deploy time: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::GetAZs, and the
 * cross-stack Fn::GetStackOutput and Fn::ImportValue (resolved in the exporting stack of the same
 * stage). Physical names come from the resource's properties or a deterministic stand-in.
 *
 * Our own resolver rather than cfn-resolver-lib (1.1.8, the library for this): run on these
 * templates it throws (`strToSplit.split is not a function` on a Fn::Split over a reference it left
 * unresolved), it has no Fn::GetStackOutput (the reference CDK's weak cross-stack references emit),
 * its Fn::Sub only substitutes a given map, and GetAtt needs a value per logical id by hand.
 */

/** One stack of the stage as the model reads it. */
export interface StageStack {
  /** Construct id in the stage ("Service"). */
  readonly id: string;
  /** CloudFormation stack name ("Prod-Service"): what Fn::GetStackOutput names. */
  readonly stackName: string;
  readonly template: CfnTemplate;
  /**
   * The stack's region when it is not the stage's (a CDN's us-east-1 stack).
   * @default - the stage's region
   */
  readonly region?: string;
}

/** The parts of a template the model reads. */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  readonly Parameters?: Record<string, { Default?: unknown }>;
}

/** A template resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** A resource of the stage, its properties resolved on demand. */
export interface ModelResource {
  /** Stack construct id ("Service"). */
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** `<stack>:<construct path>` without the stage prefix and the trailing `/Resource`. */
  readonly path: string;
  /** The resource's ARN (as requests name it), when it has one. */
  readonly arn: string | undefined;
}

/** Thrown when a template holds something this resolver does not model. */
export class UnresolvableError extends Error {}

const INTRINSICS = new Set([
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::GetAZs',
  'Fn::GetStackOutput',
  'Fn::ImportValue',
  'Fn::Base64',
]);

/** The resolved resources of one stage. */
export class StageModel {
  readonly resources: readonly ModelResource[];
  private readonly stacks: ReadonlyMap<string, StageStack>;
  private readonly byStackName: ReadonlyMap<string, StageStack>;
  private readonly physical = new Map<string, PhysicalValues>();
  private readonly resolved = new Map<string, Record<string, unknown>>();

  constructor(
    readonly environment: string,
    stacks: readonly StageStack[],
    readonly env: StageEnv,
    /** Properties already resolved (a copy made for a negative control shares what it did not change). */
    overrides?: ReadonlyMap<string, Record<string, unknown>>,
  ) {
    this.stacks = new Map(stacks.map((s) => [s.id, s]));
    this.byStackName = new Map(stacks.map((s) => [s.stackName, s]));
    for (const [key, value] of overrides ?? []) this.resolved.set(key, value);
    this.resources = stacks.flatMap((s) =>
      Object.entries(s.template.Resources).map(([logicalId, r]) => {
        const cdkPath =
          typeof r.Metadata?.['aws:cdk:path'] === 'string' ? r.Metadata['aws:cdk:path'] : logicalId;
        const path = cdkPath
          .split('/')
          .slice(2)
          .join('/')
          .replace(/\/Resource$/, '');
        const physical = (id: string) => this.physicalOf(s.id, id);
        const resource: ModelResource = {
          stack: s.id,
          logicalId,
          type: r.Type,
          path: `${s.id}:${path || logicalId}`,
          get arn() {
            return physical(logicalId).arn;
          },
        };
        return resource;
      }),
    );
  }

  /** Every resource a reference names (`*` matches within one path segment). */
  select(ref: ResourceRef | readonly ResourceRef[]): ModelResource[] {
    const refs = typeof ref === 'string' ? [ref] : ref;
    return refs.flatMap((r) => {
      const pattern = new RegExp(
        `^${r
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*')}$`,
      );
      return this.resources.filter((res) => pattern.test(res.path));
    });
  }

  /** The one resource a reference names, of one of `types` when given. */
  one(ref: ResourceRef, ...types: string[]): ModelResource {
    const found = this.select(ref).filter((r) => types.length === 0 || types.includes(r.type));
    if (found.length !== 1) {
      throw new Error(
        `${this.environment}: ${ref} names ${found.length} resources${types.length ? ` of type ${types.join('|')}` : ''}: ${found.map((f) => f.path).join(', ')}`,
      );
    }
    return found[0]!;
  }

  /** Every resource of a CloudFormation type. */
  ofType(type: string): ModelResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** A resource's properties with every intrinsic resolved. */
  props(resource: Pick<ModelResource, 'stack' | 'logicalId'>): Record<string, unknown> {
    const key = `${resource.stack}/${resource.logicalId}`;
    let props = this.resolved.get(key);
    if (!props) {
      const raw = this.raw(resource.stack, resource.logicalId).Properties ?? {};
      props = this.resolve(resource.stack, raw, key) as Record<string, unknown>;
      this.resolved.set(key, props);
    }
    return props;
  }

  /** The value Ref of the resource resolves to. */
  ref(resource: Pick<ModelResource, 'stack' | 'logicalId'>): unknown {
    return this.physicalOf(resource.stack, resource.logicalId).ref;
  }

  /** Resolves a value in the context of a stack. */
  resolve(stack: string, value: unknown, where = stack): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v, where));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && INTRINSICS.has(entries[0]![0])) {
      return this.intrinsic(stack, entries[0]![0], entries[0]![1], where);
    }
    if (entries.length === 1 && entries[0]![0].startsWith('Fn::')) {
      throw new UnresolvableError(`${this.environment} ${where}: ${entries[0]![0]} is not modelled`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(stack, v, where)]));
  }

  /**
   * A copy of the stage in which `change` edited the resolved properties of one resource (a
   * negative control removes a statement from a copy of the template this way).
   */
  withChangedProps(
    resource: Pick<ModelResource, 'stack' | 'logicalId'>,
    change: (props: Record<string, unknown>) => void,
  ): StageModel {
    const props = structuredClone(this.props(resource));
    change(props);
    const overrides = new Map(this.resolved);
    overrides.set(`${resource.stack}/${resource.logicalId}`, props);
    return new StageModel(this.environment, [...this.stacks.values()], this.env, overrides);
  }

  /** A copy of the stage without one resource (a negative control removing a Lambda permission). */
  withoutResource(resource: Pick<ModelResource, 'stack' | 'logicalId'>): StageModel {
    const stacks = [...this.stacks.values()].map((s) => {
      if (s.id !== resource.stack) return s;
      const { [resource.logicalId]: _removed, ...rest } = s.template.Resources;
      return { ...s, template: { ...s.template, Resources: rest } };
    });
    return new StageModel(this.environment, stacks, this.env, this.resolved);
  }

  /** Account, region and partition of one stack (its own region, else the stage's). */
  envOf(stack: string): StageEnv {
    const region = this.stacks.get(stack)?.region;
    return region === undefined ? this.env : { ...this.env, region };
  }

  private raw(stack: string, logicalId: string): CfnResource {
    const s = this.stacks.get(stack);
    const r = s?.template.Resources[logicalId];
    if (!r) throw new UnresolvableError(`${this.environment}: no resource ${stack}/${logicalId}`);
    return r;
  }

  private physicalOf(stack: string, logicalId: string): PhysicalValues {
    const key = `${stack}/${logicalId}`;
    let values = this.physical.get(key);
    if (!values) {
      const raw = this.raw(stack, logicalId);
      const s = this.stacks.get(stack)!;
      values = physicalValues(
        {
          stackName: s.stackName,
          logicalId,
          type: raw.Type,
          // Names, ports and ids in the resource's own properties (never a cycle: names are literals or other resources).
          prop: (name) => {
            const v = raw.Properties?.[name];
            return v === undefined ? undefined : this.resolve(stack, v, `${key}.${name}`);
          },
        },
        this.envOf(stack),
      );
      this.physical.set(key, values);
    }
    return values;
  }

  private intrinsic(stack: string, fn: string, arg: unknown, where: string): unknown {
    const r = (v: unknown) => this.resolve(stack, v, where);
    const fail = (why: string): never => {
      throw new UnresolvableError(`${this.environment} ${where}: ${fn} ${JSON.stringify(arg)}: ${why}`);
    };
    switch (fn) {
      case 'Ref': {
        const name = String(arg);
        const pseudo = this.pseudo(stack, name);
        if (pseudo !== undefined) return pseudo;
        const s = this.stacks.get(stack)!;
        if (s.template.Resources[name]) return this.physicalOf(stack, name).ref;
        const param = s.template.Parameters?.[name];
        if (param) return param.Default ?? fail('parameter without default');
        return fail('no such resource or parameter');
      }
      case 'Fn::GetAtt': {
        const [logicalId, ...attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
        const values = this.physicalOf(stack, logicalId!);
        const value = values.attrs[attr.join('.')];
        return value ?? fail('attribute not modelled');
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        const list = r(parts);
        if (!Array.isArray(list)) return fail('not a list');
        return list
          .map((p) =>
            typeof p === 'string' || typeof p === 'number' ? String(p) : fail('part is not a string'),
          )
          .join(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
          if (name in vars) return String(r(vars[name]));
          if (name.includes('.') && !name.startsWith('AWS::')) {
            const [id, ...attr] = name.split('.');
            return String(r({ 'Fn::GetAtt': [id, attr.join('.')] }));
          }
          return String(r({ Ref: name }));
        });
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = r(list);
        const i = Number(r(index));
        if (!Array.isArray(items) || items[i] === undefined) return fail('index out of range');
        return items[i];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        const value = r(text);
        return typeof value === 'string' ? value.split(sep) : fail('not a string');
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((z) => `${this.envOf(stack).region}${z}`);
      case 'Fn::Base64':
        return r(arg);
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = arg as { StackName: unknown; OutputName: unknown };
        const other = this.byStackName.get(String(r(StackName)));
        const output = other?.template.Outputs?.[String(r(OutputName))];
        if (!other || !output) return fail('no such stack output in this stage');
        return this.resolve(other.id, output.Value, `${other.id} output ${String(OutputName)}`);
      }
      case 'Fn::ImportValue': {
        const name = String(r(arg));
        for (const s of this.stacks.values()) {
          for (const [outputName, output] of Object.entries(s.template.Outputs ?? {})) {
            if (output.Export && this.resolve(s.id, output.Export.Name) === name) {
              return this.resolve(s.id, output.Value, `${s.id} output ${outputName}`);
            }
          }
        }
        return fail('no stack of this stage exports it');
      }
      default:
        return fail('not modelled');
    }
  }

  private pseudo(stack: string, name: string): string | undefined {
    switch (name) {
      case 'AWS::Region':
        return this.envOf(stack).region;
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.stacks.get(stack)!.stackName;
      case 'AWS::StackId':
        return `arn:${this.env.partition}:cloudformation:${this.envOf(stack).region}:${this.env.account}:stack/${this.stacks.get(stack)!.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NoValue':
        return undefined;
      default:
        return undefined;
    }
  }
}

/** The model of a stage built from its stack artifacts (the shared assembly or a test's own). */
export function stageModel(
  environment: string,
  artifacts: readonly CloudFormationStackArtifact[],
): StageModel {
  const first = artifacts[0];
  if (!first) throw new Error(`${environment}: no stacks`);
  const env: StageEnv = {
    account: first.environment.account,
    region: first.environment.region,
    partition: 'aws',
  };
  return new StageModel(
    environment,
    artifacts.map((a) => ({
      id: a.hierarchicalId.split('/').pop()!,
      stackName: a.stackName,
      template: a.template as CfnTemplate,
      ...(a.environment.region === env.region ? {} : { region: a.environment.region }),
    })),
    env,
  );
}
