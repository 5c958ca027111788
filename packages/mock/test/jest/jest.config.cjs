// A jest project that uses @callspec/mock's jest helper as a user would, from the built CommonJS entry.
// test/jest-runner.test.ts runs jest on it in a child process.
module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  testMatch: ["<rootDir>/*.test.cjs"],
  globalSetup: "<rootDir>/global-setup.cjs",
  globalTeardown: "<rootDir>/global-teardown.cjs",
  maxWorkers: 2,
};
