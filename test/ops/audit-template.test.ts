import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { AuditFinding, AuditResult } from '../../lib/ops/audit/model';
import { loadTemplateFile } from '../../lib/ops/audit/template-audit';
import { auditCommand } from '../../lib/ops/cli/audit';
import { EXIT_FAILED, EXIT_USAGE } from '../../lib/ops/cli/common';
import { loadSarifSchema, sarifErrors } from './fixtures/audit/sarif-schema';

const ROOT = join(__dirname, '../..');
const FIXTURE = join(__dirname, 'fixtures/audit/prod-like.json');

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };
type Container = { User?: string; Environment: { Name: string; Value: unknown }[] };
type Attribute = { Key: string; Value: unknown };

/**
 * One template, two copies of the production-like service slice (derived from the synthesized
 * Prod templates): the originals as the control, and a weakened copy (logical ids ending in Weak)
 * with one weakness per checklist item. One synth judges both.
 */
function weakenedTemplate(): Template {
  const original = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Template;
  const weak = JSON.parse(
    JSON.stringify(original.Resources).replace(
      /"(Ref|Fn::GetAtt)":\s*(\[?\s*)"(\w+)"/g,
      (_m, fn, open, id) =>
        original.Resources[id] ? `"${fn}": ${open}"${id}Weak"` : `"${fn}": ${open}"${id}"`,
    ),
  ) as Record<string, Resource>;
  const r = (id: string) => weak[id]!.Properties;
  const container = (r('ApiTaskDefinitionE1A28E9C')['ContainerDefinitions'] as Container[])[0]!;
  container.User = 'root';
  container.Environment = container.Environment.map((e) =>
    e.Name === 'CORS_ORIGINS' ? { ...e, Value: '*' } : e,
  );
  container.Environment.push({ Name: 'API_KEY', Value: 'a-plain-value-in-the-task-definition' });
  const https = r('EdgeAlbHttps549ABF6F');
  https['SslPolicy'] = 'ELBSecurityPolicy-TLS-1-0-2015-04';
  https['ListenerAttributes'] = (https['ListenerAttributes'] as Attribute[]).filter(
    (a) => !a.Key.includes('strict_transport_security'),
  );
  r('DatabaseInstanceAA8A5FDE')['BackupRetentionPeriod'] = 1;
  delete weak['FirewallAssociationFCDA9379'];
  const renamed = Object.fromEntries(Object.entries(weak).map(([id, res]) => [`${id}Weak`, res]));
  // The weakened ACL keeps its own name so both ACLs can coexist.
  const acl = renamed['FirewallWebAcl5A849C4EWeak']!.Properties;
  acl['Name'] = `${String(acl['Name'] ?? 'acl')}-weak`;
  return { ...original, Resources: { ...original.Resources, ...renamed } };
}

/** Each weakness, the rule that must name it, the checklist id, and the resource it sits on. */
const WEAKNESSES = [
  [
    'a root container user',
    'ProductionReadiness-ContainerNonRootUser',
    'SEC-18',
    'ApiTaskDefinitionE1A28E9CWeak',
  ],
  [
    'no HSTS header attribute',
    'ProductionReadiness-HttpsListenerSecurityHeaders',
    'SEC-09',
    'EdgeAlbHttps549ABF6FWeak',
  ],
  [
    'a TLS 1.0 listener policy',
    'ProductionReadiness-HttpsListenerTlsPolicy',
    'SEC-07',
    'EdgeAlbHttps549ABF6FWeak',
  ],
  [
    'a wildcard CORS origin',
    'ProductionReadiness-ContainerCorsOriginsExplicit',
    'SEC-14',
    'ApiTaskDefinitionE1A28E9CWeak',
  ],
  [
    'backup retention 1',
    'ProductionReadiness-RDSBackupRetentionPolicy',
    'DB-02',
    'DatabaseInstanceAA8A5FDEWeak',
  ],
  [
    'a plain API_KEY environment variable',
    'ProductionReadiness-ContainerSecretsNotInEnvironment',
    'SEC-12',
    'ApiTaskDefinitionE1A28E9CWeak',
  ],
  ['no WAF association', 'ProductionReadiness-ALBWafRateLimit', 'SEC-15', 'EdgeAlb09518372Weak'],
] as const;

const work = mkdtempSync(join(tmpdir(), 'shipshape-audit-template-'));
const yamlFile = join(work, 'weakened.yaml');
const template = weakenedTemplate();
writeFileSync(yamlFile, stringify(template));
const out = join(work, 'reports');
const io = { stdout: [] as string[], stderr: [] as string[] };
let code = -1;
let result: AuditResult;

beforeAll(async () => {
  // The command end to end, once: YAML in, four reports out, exit code from the verdict.
  code = await auditCommand(
    ['--template', yamlFile, '--out', out, '--cdk-out', join(work, 'synth')],
    { stdout: (t) => io.stdout.push(t), stderr: (t) => io.stderr.push(t), stderrIsTty: false },
    { root: ROOT, environments: {}, version: '0.1.0-test' },
  );
  result = JSON.parse(readFileSync(join(out, 'compliance.json'), 'utf8')) as AuditResult;
});

const on = (f: AuditFinding, logicalId: string) => f.constructPath.split('/').at(-1) === logicalId;

describe('audit --template on a weakened copy of a production-like template', () => {
  test('the audit fails and prints the verdict with the unacknowledged errors', () => {
    expect(code).toBe(EXIT_FAILED);
    expect(result.verdict.pass).toBe(false);
    expect(result.mode).toBe('template');
    expect(result.profile).toBe('production');
    expect(result.synthError).toBeUndefined();
    expect(io.stdout.join('')).toMatch(/FAIL\n {2}- \d+ unacknowledged error/);
  });

  test.each(WEAKNESSES)('%s: %s names %s on the weakened resource', (_what, rule, checklistId, logicalId) => {
    const hits = result.findings.filter((f) => f.ruleId === rule && on(f, logicalId));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ engine: 'ProductionReadiness', severity: 'error', stage: 'Template' });
    expect(hits[0]!.checklistIds).toContain(checklistId);
    // The SARIF/JUnit location is the resource's line in the audited file.
    const at = loadTemplateFile(yamlFile).position('Resources', logicalId)!;
    expect(hits[0]!.location).toEqual({ file: yamlFile, line: at.line, column: at.column });
  });

  test('control: the unweakened originals break none of those rules', () => {
    const weaknessRules = new Set<string>(WEAKNESSES.map((w) => w[1]));
    const onOriginals = result.findings.filter(
      (f) => weaknessRules.has(f.ruleId) && !f.constructPath.endsWith('Weak'),
    );
    expect(onOriginals).toEqual([]);
  });

  test('every engine ran on the template (each reports on it)', () => {
    const engines = new Set(result.findings.map((f) => f.engine));
    for (const engine of [
      'AwsSolutions',
      'HIPAA.Security',
      'NIST.800.53.R5',
      'PCI.DSS.321',
      'ProductionReadiness',
      'CloudFormation Validate',
    ]) {
      expect([engine, engines.has(engine)]).toEqual([engine, true]);
    }
    expect(result.counts.map((c) => c.engine)).toEqual(expect.arrayContaining(['cdk-validator-cfnguard']));
  });

  test('the Markdown report lists each weakness with its checklist id', () => {
    const md = readFileSync(join(out, 'compliance.md'), 'utf8');
    expect(md).toContain('**Verdict: FAIL**');
    for (const [, rule, id, logicalId] of WEAKNESSES) {
      expect(md).toMatch(
        new RegExp(`\`${rule}\` on \`Template/Template/Template/${logicalId}\`.*\\[[^\\]]*${id}`),
      );
    }
  });

  test('compliance.sarif is valid SARIF 2.1.0 with one result per unacknowledged finding', () => {
    const sarif = JSON.parse(readFileSync(join(out, 'compliance.sarif'), 'utf8')) as {
      runs: {
        results: { ruleId: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[];
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
      }[];
    };
    expect(sarifErrors(sarif, loadSarifSchema())).toEqual([]);
    const run = sarif.runs[0]!;
    expect(run.results).toHaveLength(result.findings.length);
    const tls = run.results.find((r) => r.ruleId === 'ProductionReadiness-HttpsListenerTlsPolicy')!;
    expect(tls.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(
      'Template/Template/Template/EdgeAlbHttps549ABF6FWeak',
    );
    const help = run.tool.driver.rules.find((r) => r.id === 'ProductionReadiness-HttpsListenerTlsPolicy')!
      .help.text;
    expect(help).toMatch(/TLS 1\.2\+ policy.*Checklist: SEC-07/);
  });

  test('compliance.junit.xml has a failing testcase per broken rule', () => {
    const xml = readFileSync(join(out, 'compliance.junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0"/);
    for (const [, rule] of WEAKNESSES) {
      expect(xml).toMatch(
        new RegExp(`<testcase classname="Template\\.ProductionReadiness" name="${rule}"><failure `),
      );
    }
    expect(xml).toMatch(
      /<testcase classname="Template\.ProductionReadiness" name="ProductionReadiness-ElastiCacheRBAC" \/>/,
    );
  });
});

describe('template loading', () => {
  test('YAML short-form intrinsics become their JSON form', () => {
    const file = join(work, 'short.yaml');
    writeFileSync(
      file,
      [
        'Resources:',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation !Sub, not a JS template
        '      TopicName: !Sub "${AWS::StackName}-alerts"',
        '      KmsMasterKeyId: !GetAtt Key.Arn',
        '      DisplayName: !Join [ "-", [ !Ref AWS::Region, alerts ] ]',
      ].join('\n'),
    );
    expect(loadTemplateFile(file).template).toEqual({
      Resources: {
        Topic: {
          Type: 'AWS::SNS::Topic',
          Properties: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub, not a JS template
            TopicName: { 'Fn::Sub': '${AWS::StackName}-alerts' },
            KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
            DisplayName: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, 'alerts']] },
          },
        },
      },
    });
  });

  test('the YAML written for the audit reads back as the same template', () => {
    expect(loadTemplateFile(yamlFile).template).toEqual(template);
  });

  test('bad command lines exit 2 naming the problem', async () => {
    const err: string[] = [];
    const run = (argv: string[]) =>
      auditCommand(
        argv,
        { stdout: () => {}, stderr: (t) => err.push(t), stderrIsTty: false },
        { root: ROOT, environments: {} },
      );
    expect(await run(['--template', join(work, 'nope.json')])).toBe(EXIT_USAGE);
    expect(await run(['--template', yamlFile, '--profile', 'staging'])).toBe(EXIT_USAGE);
    expect(await run(['--profile', 'production'])).toBe(EXIT_USAGE);
    expect(err.join('')).toMatch(
      /no such file[\s\S]*--profile must be production or non-production[\s\S]*--profile applies to --template only/,
    );
  });
});
