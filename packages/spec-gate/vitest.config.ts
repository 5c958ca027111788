import { packageTestConfig } from "../../vitest.shared.js";

// Diffing the large specs takes seconds each and competes with every other turbo task for 2 cores: a
// MessageBird case that takes 17 s alone took 108-126 s inside a full test run, so the limit leaves room.
export default packageTestConfig({ testTimeout: 300_000 });
