// Checks of the generated Go clients against the Prism mocks (run by test/go.test.ts, or by hand:
// MESSAGEBIRD_MOCK_URL=… VOIPSTUDIO_MOCK_URL=… ZAAS_MOCK_URL=… go test -v ./...).
// The three clients are build output of src/generate.mjs, used in place through the replace directives.
module callspec.test/checks

go 1.23

require (
	github.com/callspec/messagebirdvoice v0.0.0
	github.com/callspec/voipstudio v0.0.0
	github.com/callspec/zaasvoice v0.0.0
)

require gopkg.in/validator.v2 v2.0.1 // indirect

replace (
	github.com/callspec/messagebirdvoice => ../../dist/messagebird-voice/go
	github.com/callspec/voipstudio => ../../dist/voipstudio/go
	github.com/callspec/zaasvoice => ../../dist/zaas-voice/go
)
