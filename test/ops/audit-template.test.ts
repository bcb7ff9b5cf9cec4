import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { environments } from '../../config';
import { auditApp } from '../../lib/ops/audit/app-audit';
import type { AuditResult } from '../../lib/ops/audit/model';
import { auditTemplates, loadTemplateFile, TEMPLATE_IMPORT_ENGINE } from '../../lib/ops/audit/template-audit';
import { writeReports } from '../../lib/ops/audit/reports';
import { readyAssembly } from '../support/assembly';
import {
  canonical,
  counted,
  difference,
  findingKeys,
  PRINCIPLED_DIFFERENCES,
  STAGES,
  TEMPLATE_FILE_ENGINES,
} from '../support/template-parity';
import { loadSarifSchema, sarifErrors } from './fixtures/audit/sarif-schema';

/** The run's shared cloud assembly (waits for the background synthesis). */
const ASSEMBLY_DIR = readyAssembly();

const ROOT = join(__dirname, '../..');
const PROFILES: Record<string, 'production' | 'non-production'> = {
  Dev: 'non-production',
  Staging: 'non-production',
  Prod: 'production',
  Weakened: 'production',
};

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };

/** The Prod assembly copied, with one weakness per checklist item; returns the copy and what was weakened. */
function weakenedProd(dir: string): Record<string, string> {
  cpSync(join(ASSEMBLY_DIR, 'assembly-Prod'), dir, { recursive: true });
  const edit = (prefix: string, change: (t: Template) => Record<string, string>) => {
    const file = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.template.json'))!;
    const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Template;
    const ids = change(template);
    writeFileSync(join(dir, file), JSON.stringify(template, undefined, 1));
    return ids;
  };
  const find = (t: Template, type: string, where: (r: Resource) => boolean = () => true) =>
    Object.entries(t.Resources).find(([, r]) => r.Type === type && where(r))!;
  return {
    ...edit('ProdData', (t) => {
      const [db, instance] = find(t, 'AWS::RDS::DBInstance');
      instance.Properties['StorageEncrypted'] = false;
      instance.Properties['MasterUserPassword'] = 'weakened-literal-password';
      const sgId = (instance.Properties['VPCSecurityGroups'] as { 'Fn::GetAtt': string[] }[])[0]![
        'Fn::GetAtt'
      ][0]!;
      const sg = t.Resources[sgId]!.Properties;
      sg['SecurityGroupIngress'] = [
        ...((sg['SecurityGroupIngress'] as unknown[]) ?? []),
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '0.0.0.0/0' },
      ];
      const [logs, group] = find(t, 'AWS::Logs::LogGroup');
      group.Properties['RetentionInDays'] = 1;
      return { db, sg: sgId, logs };
    }),
    ...edit('ProdService', (t) => {
      const [listener, https] = find(
        t,
        'AWS::ElasticLoadBalancingV2::Listener',
        (r) => r.Properties['Protocol'] === 'HTTPS',
      );
      https.Properties['SslPolicy'] = 'ELBSecurityPolicy-TLS-1-0-2015-04';
      const [repo, repository] = find(t, 'AWS::ECR::Repository');
      repository.Properties['ImageScanningConfiguration'] = { ScanOnPush: false };
      return { listener, repo };
    }),
    ...edit('ProdAlerts', (t) => {
      const [topicPolicy, policy] = find(t, 'AWS::SNS::TopicPolicy');
      const document = policy.Properties['PolicyDocument'] as { Statement: unknown[] };
      document.Statement.push({ Effect: 'Allow', Principal: '*', Action: 'sns:DeleteTopic', Resource: '*' });
      return { topicPolicy };
    }),
  };
}

const work = mkdtempSync(join(tmpdir(), 'shipshape-audit-cdkout-'));
const weakDir = join(work, 'assembly-Weakened');
const weakened = weakenedProd(weakDir);
let app: AuditResult;
let template: AuditResult;
let seconds = 0;

beforeAll(() => {
  // The app's own audit reads the shared assembly (no synthesis); the template audit imports every
  // template of every stage of that assembly, plus the weakened Prod copy, in one synthesis. The
  // engines that judge constructs run; the two that read only the template files (cfn-guard, the
  // CloudFormation validator: ~30 s over 20 large templates) are covered by proving those files the
  // same as the ones the app's synthesis already checked (below). bench/template-parity.ts runs
  // every engine and compares every finding.
  app = auditApp({ environments, root: ROOT, outdir: ASSEMBLY_DIR, reuse: true });
  const started = Date.now();
  template = auditTemplates({
    inputs: [ASSEMBLY_DIR, weakDir],
    profile: 'production',
    profileOf: (stage) => PROFILES[stage],
    root: ROOT,
    outdir: join(work, 'audit'),
    cwd: ROOT,
    templateEngines: false,
  });
  seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `template audit of cdk.out (3 stages + weakened Prod, construct engines): ${seconds.toFixed(1)} s\n`,
  );
});

const { appKey, templateKey } = findingKeys(ASSEMBLY_DIR);

describe('audit --template on the real cdk.out: every stage, as the app audits it', () => {
  test('every template of every stage is imported whole: nothing unusable, unaudited or refused', () => {
    expect(template.synthError).toBeUndefined();
    expect(template.unusable).toEqual([]);
    expect(template.findings.filter((f) => f.engine === TEMPLATE_IMPORT_ENGINE)).toEqual([]);
    expect(template.inputs!.flatMap((i) => i.unaudited)).toEqual([]);
    for (const stage of STAGES) {
      const files = readdirSync(join(ASSEMBLY_DIR, `assembly-${stage}`)).filter((f) =>
        f.endsWith('.template.json'),
      );
      const audited = template.inputs!.filter((i) => i.stage === stage).map((i) => i.file.split('/').at(-1));
      expect(audited.sort()).toEqual(files.sort());
    }
    expect(template.stages).toEqual(['Dev', 'Staging', 'Prod', 'Weakened']);
  });

  test.each(STAGES)(
    '%s: template-mode findings equal the app-mode findings before acknowledgements',
    (stage) => {
      const fromApp = counted(
        [...app.findings, ...app.acknowledgedFindings]
          .filter((f) => f.stage === stage && !TEMPLATE_FILE_ENGINES.includes(f.engine))
          .map(appKey),
      );
      const fromTemplate = counted(
        [...template.findings, ...template.acknowledgedFindings]
          .filter((f) => f.stage === stage)
          .map(templateKey),
      );
      const explained = (k: string) => PRINCIPLED_DIFFERENCES.some((d) => d.matches.test(k));
      expect(difference(fromApp, fromTemplate).filter((k) => !explained(k))).toEqual([]);
      expect(difference(fromTemplate, fromApp).filter((k) => !explained(k))).toEqual([]);
      expect(fromApp.size).toBeGreaterThan(50);
    },
  );

  test('each principled difference still occurs (a stale entry would hide nothing and mislead)', () => {
    const keys = template.findings.filter((f) => f.stage === 'Prod').map(templateKey);
    for (const d of PRINCIPLED_DIFFERENCES)
      expect([d.why, keys.some((k) => d.matches.test(k))]).toEqual([d.why, true]);
  });

  test.each(STAGES)(
    '%s: the templates cfn-guard and the validator read are the ones the app synthesized',
    (stage) => {
      const dir = `assembly-${stage}`;
      for (const file of readdirSync(join(ASSEMBLY_DIR, dir)).filter((f) => f.endsWith('.template.json'))) {
        const read = (base: string) => canonical(JSON.parse(readFileSync(join(base, dir, file), 'utf8')));
        expect([file, read(join(work, 'audit', 'cdk.out'))]).toEqual([file, read(ASSEMBLY_DIR)]);
      }
    },
  );

  test('Fn::GetStackOutput between the stacks of a stage resolves to the producing stack (nothing left unresolved)', () => {
    const unresolved = template.inputs!.flatMap((i) => Object.keys(i.unresolved));
    expect([...new Set(unresolved)]).toEqual(['BootstrapVersion']);
  });
});

/** Each weakness of the Prod copy, the rule that must name it, its checklist id, and its resource. */
const WEAKNESSES = [
  ['RDS StorageEncrypted false', 'AwsSolutions-RDS2', 'SEC-20', 'db'],
  ['a literal MasterUserPassword', 'ProductionReadiness-NoPlaintextCredentialProperties', 'SEC-13', 'db'],
  ['SG ingress 0.0.0.0/0 on 5432', 'ProductionReadiness-DataStoreIngressFromSecurityGroups', 'SEC-10', 'sg'],
  ['SG ingress 0.0.0.0/0 on 5432', 'ProductionReadiness-SecurityGroupPublicIngress', 'SEC-11', 'sg'],
  ['log group retention 1 day', 'ProductionReadiness-LogGroupRetentionPolicy', 'MON-02', 'logs'],
  ['a TLS 1.0 listener policy', 'ProductionReadiness-HttpsListenerTlsPolicy', 'SEC-07', 'listener'],
  ['ECR without scan on push', 'ProductionReadiness-ECRScanOnPush', 'SEC-19', 'repo'],
  ['sns:DeleteTopic for *', 'ProductionReadiness-ResourcePolicyNoPublicPrincipal', 'SEC-11', 'topicPolicy'],
] as const;

describe('audit --template on a weakened copy of the Prod assembly', () => {
  test.each(WEAKNESSES)('%s: %s names it with %s', (_what, rule, checklistId, key) => {
    const logicalId = weakened[key]!;
    const hits = template.findings.filter(
      (f) => f.stage === 'Weakened' && f.ruleId === rule && f.logicalId === logicalId,
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]!.checklistIds).toContain(checklistId);
    expect(hits[0]!.severity).toBe('error');
    // Located at the resource's line in the weakened file.
    const located = hits[0]!.location!.file;
    const file = isAbsolute(located) ? located : join(ROOT, located);
    expect(hits[0]!.location!.line).toBe(loadTemplateFile(file).position('Resources', logicalId)!.line);
    expect(relative(weakDir, file).startsWith('..')).toBe(false);
  });

  test('the weakened copy adds exactly those ProductionReadiness findings to Prod, nothing else', () => {
    const pack = (stage: string) =>
      counted(
        template.findings
          .filter((f) => f.stage === stage && f.engine === 'ProductionReadiness')
          .map((f) => `${f.ruleId}|${f.logicalId}`),
      );
    const added = difference(pack('Weakened'), pack('Prod')).sort();
    const expected = WEAKNESSES.filter(([, rule]) => rule.startsWith('ProductionReadiness-'))
      .map(([, rule, , key]) => `${rule}|${weakened[key]}`)
      .sort();
    expect(added).toEqual(expected);
    expect(difference(pack('Prod'), pack('Weakened'))).toEqual([]);
  });

  test('the reports: valid SARIF, a failing JUnit case per broken rule, Markdown naming file and line', () => {
    const out = join(work, 'reports');
    writeReports(template, out, { root: ROOT, version: '0.1.0-test' });
    const sarif = JSON.parse(readFileSync(join(out, 'compliance.sarif'), 'utf8')) as {
      runs: { results: unknown[] }[];
    };
    expect(sarifErrors(sarif, loadSarifSchema())).toEqual([]);
    expect(sarif.runs[0]!.results).toHaveLength(template.findings.length);
    const xml = readFileSync(join(out, 'compliance.junit.xml'), 'utf8');
    expect(xml).toMatch(
      /<testcase classname="Weakened\.ProductionReadiness" name="ProductionReadiness-ECRScanOnPush"><failure /,
    );
    const md = readFileSync(join(out, 'compliance.md'), 'utf8');
    expect(md).toContain('**Verdict: FAIL**');
    expect(md).toMatch(
      new RegExp(
        `\`ProductionReadiness-ECRScanOnPush\` on \`Weakened/Service/Template/${weakened['repo']}\` \\(.*ProdService\\w+\\.template\\.json:\\d+:\\d+\\)`,
      ),
    );
    expect(md).toContain('## Templates');
  });
});
