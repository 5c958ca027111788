import { packageTestConfig } from "../../vitest.shared.js";

// The global setup starts the mocks and fault servers, packs and installs the packages and the pinned
// runtimes, and finds Chromium; the test files run the smoke suite per runtime and in the browser.
export default packageTestConfig({ globalSetup: ["test/global-setup.ts"], testTimeout: 60_000 });
