/**
 * The deploy wiring, as an operator and the pipeline use it: every workflow and runbook that deploys
 * a stage names all of its stacks in the manifest's dependency order, and every stack output they
 * read (`out <stack> <key>`, `key <stack> <key>`) exists in the synthesized stacks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environments } from '../../config';
import { type ShipshapeConfig, validateConfigs } from '../../lib/config';
import { stageId } from '../../lib/stages/stage-ids';
import { stageArtifacts } from '../support/assembly';

const ROOT = join(__dirname, '../..');
const ENVIRONMENTS = Object.keys(environments);
const STAGES = ENVIRONMENTS.map(stageId);
const CONFIGS = validateConfigs(environments) as Record<string, ShipshapeConfig>;

/** The documents and workflows an operator or the pipeline runs commands from. */
const SOURCES = [
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, '.github/workflows')).map((f) => `.github/workflows/${f}`),
  'README.md',
].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

/** `Prod-Data`, or `${{ inputs.stage }}-Data` in a workflow. */
const STACK_NAME =
  /(\$\{\{ inputs\.stage \}\}|Dev|Staging|Prod)-(Network|Alerts|Data|Service|Monitoring|CdnEdge|Cdn)\b/g;

/** Each stack of a stage with every stack it depends on, directly or not (the manifest's dependencies). */
function dependenciesOf(environment: string): Map<string, string[]> {
  const stacks = stageArtifacts(environment);
  const name = (id: string) => stacks.find((s) => s.id === id)?.hierarchicalId.split('/')[1];
  const direct = new Map(
    stacks.map((s) => [
      name(s.id)!,
      s.dependencies.map((d) => name(d.id)).filter((n): n is string => n !== undefined),
    ]),
  );
  const closure = (stack: string): string[] => {
    const all = new Set<string>();
    for (const d of direct.get(stack) ?? []) for (const x of [d, ...closure(d)]) all.add(x);
    return [...all].sort();
  };
  return new Map([...direct.keys()].map((s) => [s, closure(s)]));
}

/** Why `list` is not a complete deploy order of the stage, or undefined when it is one. */
function orderProblem(
  list: readonly string[],
  dependencies: ReadonlyMap<string, string[]>,
): string | undefined {
  const missing = [...dependencies.keys()].filter((s) => !list.includes(s));
  if (missing.length > 0) return `leaves out ${missing.join(', ')}`;
  for (const [i, stack] of list.entries()) {
    const late = (dependencies.get(stack) ?? []).filter((d) => list.indexOf(d) > i);
    if (late.length > 0) return `${stack} comes before ${late.join(', ')}, which it depends on`;
  }
  return undefined;
}

/** Output keys of a stack in an environment (none when the stage does not have the stack). */
function outputsOf(environment: string, stack: string): string[] {
  const artifact = stageArtifacts(environment).find((s) => s.hierarchicalId.endsWith(`/${stack}`));
  return Object.keys((artifact?.template as { Outputs?: object } | undefined)?.Outputs ?? {});
}

describe('the stacks of a stage, in dependency order', () => {
  const dependencies = new Map(ENVIRONMENTS.map((env) => [stageId(env), dependenciesOf(env)]));
  /** The stacks every stage has, each after the same stacks. */
  const CORE = {
    Network: [],
    Alerts: [],
    Data: ['Alerts', 'Network'],
    Service: ['Alerts', 'Data', 'Network'],
    Monitoring: ['Alerts', 'Data', 'Network', 'Service'],
  };

  test('every stage has the five core stacks; a stage with cdn.enabled adds CdnEdge, then Cdn', () => {
    for (const env of ENVIRONMENTS) {
      const expected = CONFIGS[env]!.cdn.enabled ? { ...CORE, CdnEdge: [], Cdn: ['CdnEdge'] } : CORE;
      expect(Object.fromEntries(dependencies.get(stageId(env))!)).toEqual(expected);
    }
    expect(ENVIRONMENTS.filter((env) => CONFIGS[env]!.cdn.enabled)).toEqual(['staging']);
  });

  // Stack names separated only by blanks (`for s in A B C`, `STACKS: A B C`) are a deploy list.
  const LIST = new RegExp(`(?:${STACK_NAME.source}\\s+)+${STACK_NAME.source}`, 'g');
  const lists = SOURCES.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) =>
      [...line.matchAll(LIST)].map((m) => {
        const names = [...m[0].matchAll(STACK_NAME)];
        return { where: `${file}:${i + 1}`, stage: names[0]![1]!, stacks: names.map((n) => n[2]!) };
      }),
    ),
  );

  test('the runbooks list stacks (deploy.md at least)', () => {
    const files = new Set(lists.map((l) => l.where.split(':')[0]));
    expect(files).toContain('docs/deploy.md');
  });

  test('the deploy workflow takes its list from `cdk ls` of the stage, with each stack’s region', () => {
    const workflow = SOURCES.find((s) => s.file === '.github/workflows/shipshape-deploy.yml')!.text;
    // The workflow's own expression syntax, matched literally.
    const stage = '$' + '{{ inputs.stage }}';
    const env = '$' + '{{ inputs.env }}';
    expect(workflow).toContain(`npx cdk ls --long --json '${stage}/*' -c env=${env} > stacks.json`);
    expect(workflow).toContain('echo "STACKS=$STACKS" >> "$GITHUB_ENV"');
    expect(workflow).toMatch(
      /for s in \$STACKS; do\n.*\n\s+region=\$\(jq -r --arg s "\$s" '.*\.environment\.region' stacks\.json\)/,
    );
  });

  test('each list names all of its stage’s stacks (a workflow list: of every stage), each after the stacks it depends on', () => {
    const wrong = lists.flatMap((l) =>
      (STAGES.includes(l.stage) ? [l.stage] : STAGES)
        .map((stage) => ({ ...l, stage, problem: orderProblem(l.stacks, dependencies.get(stage)!) }))
        .filter((l) => l.problem !== undefined),
    );
    expect(wrong.map((l) => `${l.where} (${l.stage}): ${l.stacks.join(' ')}: ${l.problem}`)).toEqual([]);
  });

  test('negative control: a list without Alerts, a reversed list, a staging list without CdnEdge are refused', () => {
    const prod = dependencies.get('Prod')!;
    expect(orderProblem(['Network', 'Data', 'Service', 'Monitoring'], prod)).toBe('leaves out Alerts');
    expect(orderProblem(['Monitoring', 'Service', 'Data', 'Alerts', 'Network'], prod)).toMatch(
      /^Monitoring comes before/,
    );
    const staging = dependencies.get('Staging')!;
    const core = ['Network', 'Alerts', 'Data', 'Service', 'Monitoring'];
    expect(orderProblem(core, staging)).toBe('leaves out CdnEdge, Cdn');
    expect(orderProblem([...core, 'Cdn', 'CdnEdge'], staging)).toBe(
      'Cdn comes before CdnEdge, which it depends on',
    );
    expect(orderProblem([...core, 'CdnEdge', 'Cdn'], staging)).toBeUndefined();
  });
});

describe('every stack output the runbooks and the pipeline read exists', () => {
  const reads = SOURCES.flatMap(({ file, text }) =>
    text
      .split('\n')
      .flatMap((line, i) =>
        [
          ...line.matchAll(
            /\b(?:out|key) "?(\$\{\{ inputs\.stage \}\}|Dev|Staging|Prod)-(Network|Alerts|Data|Service|Monitoring|CdnEdge|Cdn)"? "?([A-Za-z0-9]+)/g,
          ),
        ].map((m) => ({ where: `${file}:${i + 1}`, stage: m[1]!, stack: m[2]!, fragment: m[3]! })),
      ),
  );

  test('there are such reads in the runbooks and the workflows', () => {
    expect(reads.length).toBeGreaterThan(40);
    expect(reads.some((r) => r.where.startsWith('.github/'))).toBe(true);
  });

  test('each names an output of that stack (in its stage; a workflow stage in some stage)', () => {
    const missing = reads.filter((r) => {
      const stages = STAGES.includes(r.stage) ? [r.stage] : STAGES;
      return !stages.some((stage) => {
        const env = ENVIRONMENTS[STAGES.indexOf(stage)]!;
        return outputsOf(env, r.stack).some((key) => key.includes(r.fragment));
      });
    });
    expect(missing.map((r) => `${r.where}: ${r.stage}-${r.stack} ${r.fragment}`)).toEqual([]);
  });

  test('no runbook reads a Lambda log group by the default name: every function logs to a group of its own', () => {
    const defaults = SOURCES.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        // Reading /aws/lambda/<name> is the mistake; saying so in a comment is not.
        .filter(({ line }) => /(tail|--log-group-name)\s+"?\/aws\/lambda\//.test(line)),
    );
    expect(defaults.map((d) => d.where)).toEqual([]);
  });
});
