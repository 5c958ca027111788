package checks

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// mockURL is the base URL of a vendor's Prism mock, from the environment (test/go.test.ts sets it).
func mockURL(t *testing.T, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		t.Fatalf("%s is not set: point it at a Prism mock of the vendor's spec (test/go.test.ts does)", env)
	}
	return strings.TrimRight(u, "/")
}

// ---- the spec: examples are read from the bundled document the clients were generated from ----

// specsDir holds the bundled specs (@callspec/specs dist/<vendor>.json): $CALLSPEC_SPECS_DIR, else the
// package's node_modules link.
func specsDir() string {
	if d := os.Getenv("CALLSPEC_SPECS_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "node_modules", "@callspec", "specs", "dist")
}

type spec struct {
	t    *testing.T
	root json.RawMessage
	doc  map[string]json.RawMessage
}

func loadSpec(t *testing.T, vendor string) spec {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(specsDir(), vendor+".json"))
	if err != nil {
		t.Fatalf("reading the spec: %v", err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("parsing the spec: %v", err)
	}
	return spec{t, raw, doc}
}

// at walks a path of keys from the document's root, following every local $ref on the way.
func (s spec) at(keys ...string) json.RawMessage {
	s.t.Helper()
	node := s.root
	for i, key := range keys {
		node = s.deref(node)
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(node, &obj); err != nil {
			s.t.Fatalf("spec %v: not an object", keys[:i])
		}
		next, ok := obj[key]
		if !ok {
			s.t.Fatalf("spec: no %q at %v", key, keys[:i])
		}
		node = next
	}
	return s.deref(node)
}

func (s spec) deref(node json.RawMessage) json.RawMessage {
	var ref struct {
		Ref string `json:"$ref"`
	}
	if json.Unmarshal(node, &ref) != nil || ref.Ref == "" {
		return node
	}
	if !strings.HasPrefix(ref.Ref, "#/") {
		s.t.Fatalf("spec: only local $refs are followed, not %s", ref.Ref)
	}
	var path []string
	for _, seg := range strings.Split(ref.Ref[2:], "/") {
		path = append(path, strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~"))
	}
	return s.at(path...)
}

// responseExample is what Prism serves for an operation's response (without --dynamic): the media type's
// `example`, else the first entry of its `examples`.
func (s spec) responseExample(operationID, status, media string) json.RawMessage {
	s.t.Helper()
	var paths map[string]map[string]json.RawMessage
	if err := json.Unmarshal(s.doc["paths"], &paths); err != nil {
		s.t.Fatal(err)
	}
	for path, item := range paths {
		for method, raw := range item {
			var op struct {
				OperationID string `json:"operationId"`
			}
			if json.Unmarshal(raw, &op) != nil || op.OperationID != operationID {
				continue
			}
			holder := s.at("paths", path, method, "responses", status, "content", media)
			var h map[string]json.RawMessage
			_ = json.Unmarshal(holder, &h)
			if ex, ok := h["example"]; ok {
				return ex
			}
			if first := firstKey(s.t, h["examples"]); first != "" {
				return s.at("paths", path, method, "responses", status, "content", media, "examples", first, "value")
			}
			s.t.Fatalf("spec: %s %s %s has no example", operationID, status, media)
		}
	}
	s.t.Fatalf("spec: no operation %s", operationID)
	return nil
}

// firstKey is the first member name of a JSON object, in document order (Go maps forget it).
func firstKey(t *testing.T, obj json.RawMessage) string {
	t.Helper()
	if len(obj) == 0 {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", obj)
	}
	tok, err := dec.Token()
	if err != nil {
		t.Fatal(err)
	}
	key, _ := tok.(string)
	return key
}

// ---- comparisons ----

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return b
}

func decode[T any](t *testing.T, raw []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", raw, err)
	}
	return v
}

// sameJSON fails unless a value (a parsed model, written back as JSON by the client's own marshalling) is
// the JSON given (compared as JSON values: member order and number spelling aside).
func sameJSON(t *testing.T, what string, value any, want json.RawMessage) {
	t.Helper()
	got := decode[any](t, mustMarshal(t, value))
	if w := decode[any](t, want); !reflect.DeepEqual(got, w) {
		t.Errorf("%s:\n  got  %s\n  want %s", what, mustMarshal(t, got), mustMarshal(t, w))
	}
}

func equal[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// ---- the wire: a RoundTripper that records (and may amend) what the client sends ----

type sent struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

type recorder struct {
	mu     sync.Mutex
	sent   []sent
	header http.Header // set on every request, over what the client chose (e.g. Accept)
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	for k, v := range r.header {
		req.Header[k] = v
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.sent = append(r.sent, sent{req.Method, req.URL.String(), req.Header.Clone(), body})
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

func (r *recorder) client() *http.Client { return &http.Client{Transport: r} }

// last is the last request sent.
func (r *recorder) last(t *testing.T) sent {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sent) == 0 {
		t.Fatal("the client sent nothing")
	}
	return r.sent[len(r.sent)-1]
}
