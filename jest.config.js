/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // secretlint ships ES modules only; Jest's module system (before Node 24.9) cannot require them,
    // so they are compiled to CommonJS like our own sources. Outside Jest, Node and tsx load them as is.
    '/node_modules/@secretlint/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@secretlint/)'],
  // One synth of the real app per run; every test reads its templates and findings from it.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // CDK synth with the built-in CloudFormation validator is CPU-heavy; two cores, two workers.
  maxWorkers: 2,
  testTimeout: 120_000,
};
