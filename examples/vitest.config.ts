import { packageTestConfig } from "../vitest.shared.js";

// A snippet run starts a Node child, and a few snippets start a Prism mock of their own.
export default packageTestConfig({ globalSetup: ["test/global-setup.ts"], testTimeout: 90_000 });
