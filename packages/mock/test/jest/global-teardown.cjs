module.exports = async () => {
  await require("./mocks.cjs").mocks.globalTeardown();
  // Read by test/jest-runner.test.ts: the mock's URL, to check nothing answers there after the run.
  console.log(`callspec-mock stopped: ${process.env.MESSAGEBIRD_MOCK_URL}`);
};
