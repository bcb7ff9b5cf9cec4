/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // One synth of the real app per run; every test reads its templates and findings from it.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // CDK synth with the built-in CloudFormation validator is CPU-heavy; two cores, two workers.
  maxWorkers: 2,
  testTimeout: 120_000,
};
