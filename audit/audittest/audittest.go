// Package audittest is the conformance suite of audit.Store, run through
// the real audit.Writer, audit.Verify and audit.SubjectLookups: every
// implementation runs Run unchanged, the way fstest.TestFS checks an fs.FS,
// and BenchAppend measures it.
//
// NOTE: audittest imports audit and catalog only; it must not import a
// store, a driver or anything that imports audit.
package audittest

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

// Harness is a fresh, empty store under test and the means to tamper with
// what it stores.
type Harness struct {
	Store  audit.Store
	Tamper Tamperer
}

// Tamperer changes stored links behind the store's back, as someone with
// write access to the database would, so that Run can check that Verify
// notices.
type Tamperer interface {
	// ReplaceEvent overwrites the stored link (e.Writer, e.Seq) with e as
	// given, PrevHash and Hash included, and moves the writer's head hash
	// along when that link is the head.
	ReplaceEvent(ctx context.Context, e audit.Event) error
	// DeleteEvent deletes the stored link (writer, seq) and nothing else.
	DeleteEvent(ctx context.Context, writer string, seq int64) error
	// SwapEvents exchanges the Seq of links a and b of writer's chain.
	SwapEvents(ctx context.Context, writer string, a, b int64) error
}

// Run checks that the stores open returns behave as audit.Store says.
// open must return a new, empty store each time; t's cleanups are the
// place to close it.
func Run(t *testing.T, open func(t *testing.T) Harness) {
	groups := []struct {
		name string
		test func(t *testing.T, open func(t *testing.T) Harness)
	}{
		{"round trip", testRoundTrip},
		{"typed fields", testTypedFields},
		{"encoding versions", testEncodingVersions},
		{"store contract", testStoreContract},
		{"paging", testPaging},
		{"tampering", testTampering},
		{"resume after restart", testResume},
		{"stale writer cannot fork", testStaleWriter},
		{"two writers", testTwoWriters},
		{"group commit", testGroupCommit},
		{"store failure", testStoreFailure},
		{"queue full", testQueueFull},
		{"close", testClose},
		{"checkpoint interval", testCheckpointInterval},
		{"query", testQuery},
		{"subject lookups", testSubjectLookups},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.test(t, open) })
	}
}

// ctx is the context of every call that has no deadline to test.
var ctx = context.Background()

// Key returns the test signing key of a writer, derived from its name.
func Key(writer string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("audittest:" + writer))
	return ed25519.NewKeyFromSeed(seed[:])
}

// publicKeys returns the verification keys of the writers.
func publicKeys(writers ...string) map[string]ed25519.PublicKey {
	keys := map[string]ed25519.PublicKey{}
	for _, w := range writers {
		keys[w] = Key(w).Public().(ed25519.PublicKey)
	}
	return keys
}

// newWriter starts a writer named name on s, closed at cleanup. cfg's
// zero fields take the writer's defaults.
func newWriter(t testing.TB, s audit.Appender, name string, cfg audit.Config) *audit.Writer {
	t.Helper()
	cfg.Writer, cfg.Key = name, Key(name)
	w, err := audit.NewWriter(ctx, s, cfg)
	if err != nil {
		t.Fatalf("NewWriter %s: %v", name, err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// hasher is the keyed hash of the suite's record keys.
var hasher = func() *audit.Hasher {
	h, err := audit.NewHasher([]byte(strings.Repeat("s", audit.MinSecretBytes)))
	if err != nil {
		panic(err)
	}
	return h
}()

// keyHash returns the hash of a citizen id.
func keyHash(id string) string { return hasher.HashKey("citizen_id", id) }

// lookup returns the i-th sample lookup event, with Thai text and every
// kind of field filled.
func lookup(i int) audit.Event {
	return audit.Event{
		RequestID: fmt.Sprintf("req-%04d", i), Kind: audit.KindLookup, Agency: "DLA",
		Officer: "officer-7", Purpose: "license.approval", Dataset: "dopa.civil", Grant: "g-dla-civil",
		KeyKind: "citizen_id", KeyHash: keyHash(fmt.Sprintf("11037%08d", i)),
		FieldsReturned: []string{"first_name_th", "last_name_th"}, FieldsWithheld: []string{"religion"},
		Decision: audit.DecisionAllow, Reasons: []string{"ศาสนา: sensitive_field"}, PolicyVersion: "v3",
		DecisionID: fmt.Sprintf("d-%d", i), UpstreamStatus: 200, LatencyMicros: 1234, Status: 200,
		ClientAddr: "10.0.0.7:50123", CertThumbprint: "x5t-DLA", Evidence: "eyJhbGciOiJFZERTQSJ9.e30.sig",
	}
}

// appendN appends n sample lookups one after another and returns them as
// stored.
func appendN(t testing.TB, w *audit.Writer, n int) []audit.Event {
	t.Helper()
	out := make([]audit.Event, n)
	for i := range n {
		e, err := w.Append(ctx, lookup(i))
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		out[i] = e
	}
	return out
}

// verify runs audit.Verify with the writers' keys.
func verify(t testing.TB, s audit.ChainReader, writers ...string) audit.Report {
	t.Helper()
	r, err := audit.Verify(ctx, s, publicKeys(writers...), nil)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return r
}

// verifyOK runs Verify and fails t unless the trail is intact with the
// given number of links.
func verifyOK(t testing.TB, s audit.ChainReader, events int64, writers ...string) audit.Report {
	t.Helper()
	r := verify(t, s, writers...)
	if !r.OK() || r.Events != events {
		t.Fatalf("Verify = %d links, breaks %v; want %d links and no break", r.Events, r.Breaks, events)
	}
	return r
}

// chain reads writer's whole chain.
func chain(t testing.TB, s audit.ChainReader, writer string) []audit.Event {
	t.Helper()
	events, err := s.ScanChain(ctx, writer, 0, 1<<30)
	if err != nil {
		t.Fatalf("ScanChain %s: %v", writer, err)
	}
	return events
}

// wantKind checks that err has the kind ("" for none).
func wantKind(t testing.TB, err error, kind catalog.Kind) {
	t.Helper()
	if got := catalog.ErrorKind(err); got != kind {
		t.Fatalf("error = %v (kind %q), want kind %q", err, got, kind)
	}
}

// must fails t on any error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond until it holds or five seconds pass.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
