import { packageTestConfig } from "../../vitest.shared.js";

// Tests here start Prism themselves; a start waits for its machine-wide turn (see src/start-slots.ts), which
// on a loaded 2-core CI run can take longer than the default 20 s.
export default packageTestConfig({ testTimeout: 120_000 });
