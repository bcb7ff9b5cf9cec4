import type { AccessPath } from '../access-path';
import { viaSecretsManager } from './context';

/** Calls that must never succeed. */
export const FORBIDDEN_PATHS: readonly AccessPath[] = [
  {
    id: 'execution-role-cannot-read-master-secret',
    purpose: 'The database master credentials are for AWS rotation and the provisioner only',
    caller: { role: 'Service:Api/ExecutionRole' },
    actions: ['secretsmanager:GetSecretValue'],
    target: { resource: 'Data:Database/Instance/Secret' },
    expect: 'deny',
  },
  {
    id: 'execution-role-cannot-read-webhook-urls',
    purpose: 'Webhook URLs are for the formatter only',
    caller: { role: 'Service:Api/ExecutionRole' },
    actions: ['secretsmanager:GetSecretValue'],
    target: { resource: 'Monitoring:Webhooks/*Url' },
    requires: 'webhooks',
    expect: 'deny',
  },
  {
    id: 'execution-role-cannot-change-injected-secrets',
    purpose: 'ECS only reads the secrets it injects; rotation writes them',
    caller: { role: 'Service:Api/ExecutionRole' },
    actions: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
    target: { secretsOf: 'Service:Api/Api/TaskDefinition' },
    expect: 'deny',
  },
  {
    id: 'task-role-cannot-read-any-secret',
    purpose: 'The application receives its secrets from ECS; its own role reads none',
    caller: { role: 'Service:Api/TaskRole' },
    actions: ['secretsmanager:GetSecretValue'],
    target: { each: 'AWS::SecretsManager::Secret' },
    expect: 'deny',
  },
  {
    id: 'task-role-cannot-decrypt-secrets',
    purpose: 'Nor can it decrypt them through Secrets Manager',
    caller: { role: 'Service:Api/TaskRole' },
    actions: ['kms:Decrypt'],
    target: { each: 'AWS::SecretsManager::Secret', keyOf: true },
    context: viaSecretsManager,
    expect: 'deny',
  },
  {
    id: 'rotators-cannot-read-master-secret',
    purpose: "The API-key and cache rotators touch their own secrets, not the database master's",
    caller: { role: 'Data:ApiKeyRotation/Rotator/Role' },
    actions: ['secretsmanager:GetSecretValue'],
    target: { resource: 'Data:Database/Instance/Secret' },
    expect: 'deny',
  },
  {
    id: 'formatter-cannot-read-application-secrets',
    purpose: 'The formatter reads webhook URLs, nothing of the application',
    caller: { role: 'Monitoring:Webhooks/Role' },
    actions: ['secretsmanager:GetSecretValue'],
    target: { secretsOf: 'Service:Api/Api/TaskDefinition' },
    requires: 'webhooks',
    expect: 'deny',
  },
];
