import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { markdownAnchors } from '../../lib/compliance/register/markdown-anchors';

const DOCS = path.resolve(__dirname, '../../docs');

const files = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
const text = (file: string): string => readFileSync(path.join(DOCS, file), 'utf8');

describe('runbooks', () => {
  test('every runbook of the brief exists and carries commands', () => {
    for (const file of [
      'deploy.md',
      'rollback.md',
      'rotate-now.md',
      'backup-restore.md',
      'troubleshooting.md',
      'monitoring.md',
      'maintenance.md',
      'privacy-retention.md',
      'tasks.md',
      'app-contract.md',
    ]) {
      expect(files).toContain(file);
      if (file !== 'app-contract.md') expect(text(file)).toMatch(/```bash\n/);
    }
  });

  test('monitoring.md has the stable anchor of every alarm', () => {
    const anchors = markdownAnchors(text('monitoring.md'));
    for (const anchor of [
      'alb-5xx',
      'p99-latency',
      'unhealthy-hosts',
      'ecs-cpu',
      'ecs-memory',
      'running-tasks',
      'rds-cpu',
      'rds-storage',
      'rds-memory',
      'rds-connections',
      'proxy-errors',
      'cache-cpu',
      'cache-memory',
      'cache-evictions',
      'waf-blocks',
      'app-errors',
      'auth-failures',
      'certificate-expiry',
      'rotation-failure',
      'redeploy-dlq',
      'canary',
      'ecr-critical-findings',
      'availability',
      'alb-rejected-connections',
      'rds-replica-lag',
      'cache-connections',
      'cache-replication-lag',
      'waf-rate-limited',
      'alert-webhook-dlq',
      'backup-job-failed',
      'restore-job-failed',
      'restore-validation-failed',
      'alert-test',
    ]) {
      expect(anchors).toContain(anchor);
    }
  });

  test('every relative link points at an existing file and heading', () => {
    const broken: string[] = [];
    let anchored = 0;
    for (const file of files) {
      const body = text(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of body.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [rel, anchor] = target!.split('#') as [string, string | undefined];
        const dest = rel === '' ? file : rel;
        if (!existsSync(path.join(DOCS, dest))) {
          broken.push(`${file}: ${target} (no file)`);
          continue;
        }
        if (anchor && dest.endsWith('.md')) {
          anchored += 1;
          if (!markdownAnchors(text(dest)).has(anchor)) broken.push(`${file}: ${target} (no heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(anchored).toBeGreaterThan(30);
  });

  test('the stack names follow the stages: <Stage>-Network/Alerts/Data/Service/Monitoring/CdnEdge/Cdn', () => {
    const all = files.map(text).join('\n');
    const stackNames = new Set(all.match(/\b(?:Dev|Staging|Prod)-[A-Z][A-Za-z]+\b/g) ?? []);
    for (const name of stackNames) {
      expect(name).toMatch(/^(Dev|Staging|Prod)-(Network|Alerts|Data|Service|Monitoring|CdnEdge|Cdn)$/);
    }
    expect(stackNames.size).toBeGreaterThan(4);
  });
});
