import { packageTestConfig } from "../../vitest.shared.js";

// Diffing the large specs takes seconds each and competes with every other turbo task for 2 cores.
export default packageTestConfig({ testTimeout: 120_000 });
