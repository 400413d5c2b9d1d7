/** Unit, integration (DynamoDB Local) and end-to-end (real kubectl) suites share one config. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The crash-recovery e2e (five kill -9 restarts mid-rollout, 4 to 10 minutes) runs on its own with
  // `npm run test:crash-recovery`: CI's 90 minutes cannot spare it beside the rest.
  testPathIgnorePatterns: ['/node_modules/', ...(globalThis.process.env.SKIFF_CRASH_RECOVERY ? [] : ['/test/e2e/crash-recovery\\.test\\.ts$'])],
  transform: {
    // middy and cel-js are ESM-only; ts-jest turns it (and our TypeScript) into CommonJS for jest.
    '^.+\\.(ts|js|mjs)$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/|@marcbachmann/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
