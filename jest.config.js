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
  // The files that do not read that assembly run first, while it is synthesized in the background.
  testSequencer: '<rootDir>/test/sequencer.js',
  // Two cores, three workers: several suites wait on servers and child processes (load tests, TLS
  // probes, PostgreSQL, the background synth), and a third worker keeps both cores busy meanwhile.
  maxWorkers: 3,
  testTimeout: 120_000,
};
