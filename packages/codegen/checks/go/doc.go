// Package checks holds the contract checks of the Go clients that packages/codegen generates: each
// *_test.go file drives one vendor's client against a Prism mock of its spec (URL in <VENDOR>_MOCK_URL)
// and compares what the client sent and parsed with the spec's own examples.
package checks
