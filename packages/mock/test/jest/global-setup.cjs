module.exports = require("./mocks.cjs").mocks.globalSetup;
