import { packageTestConfig } from "../../vitest.shared.js";

// The global setup finds Chromium, installing Debian's package when it is missing and we are root.
export default packageTestConfig({ globalSetup: ["test/global-setup.ts"] });
