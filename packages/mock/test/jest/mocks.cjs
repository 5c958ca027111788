// Built once, imported by both setup modules: the pair shares the mocks it starts and stops.
const { jestMockSetup } = require("@callspec/mock");

exports.mocks = jestMockSetup({ MESSAGEBIRD_MOCK_URL: "messagebird-voice" }, { faults: true });
