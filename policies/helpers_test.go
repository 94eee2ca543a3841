package policies

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
)

// testNow is the time of every test lookup; demo grants run a year from
// grantsFrom.
var (
	grantsFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	testNow    = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
)

var demoPolicy = sync.OnceValues(func() (*Policy, error) {
	p, _, err := Compile(context.Background(), "v-test", DemoSet())
	return p, err
})

// mustDemoPolicy returns the compiled demo set, shared by the tests.
func mustDemoPolicy(tb testing.TB) *Policy {
	tb.Helper()
	p, err := demoPolicy()
	if err != nil {
		tb.Fatalf("compile demo set: %v", err)
	}
	return p
}

// mustCompile compiles mods or fails.
func mustCompile(tb testing.TB, version string, mods Modules) *Policy {
	tb.Helper()
	p, _, err := Compile(context.Background(), version, mods)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func demoAgency(tb testing.TB, code string) catalog.Agency {
	tb.Helper()
	i := slices.IndexFunc(demo.Agencies(), func(a catalog.Agency) bool { return a.Code == code })
	if i < 0 {
		tb.Fatalf("no demo agency %s", code)
	}
	return demo.Agencies()[i]
}

func demoPurpose(tb testing.TB, code string) catalog.Purpose {
	tb.Helper()
	i := slices.IndexFunc(demo.Purposes(), func(p catalog.Purpose) bool { return p.Code == code })
	if i < 0 {
		tb.Fatalf("no demo purpose %s", code)
	}
	return demo.Purposes()[i]
}

func demoDataset(tb testing.TB, id string) catalog.Dataset {
	tb.Helper()
	i := slices.IndexFunc(demo.Datasets(), func(d catalog.Dataset) bool { return d.ID == id })
	if i < 0 {
		tb.Fatalf("no demo dataset %s", id)
	}
	return demo.Datasets()[i]
}

// demoGrant returns the demo grant between agency and dataset, or nil.
func demoGrant(agency, dataset string) *catalog.Grant {
	for _, g := range demo.Grants(grantsFrom) {
		if g.Consumer == agency && g.Dataset == dataset {
			return &g
		}
	}
	return nil
}

// lookup builds the input of a demo lookup with the dataset's own
// assurance levels and the pair's demo grant.
func lookup(tb testing.TB, agency, purpose, dataset string, fields ...string) Input {
	tb.Helper()
	d := demoDataset(tb, dataset)
	return NewInput(Request{Agency: demoAgency(tb, agency), Officer: "officer-7", Purpose: demoPurpose(tb, purpose),
		IAL: d.IAL, AAL: d.AAL, Dataset: d, Requested: fields, Grant: demoGrant(agency, dataset), Time: testNow})
}

func decide(tb testing.TB, p *Policy, in Input) Decision {
	tb.Helper()
	d, err := p.Decide(context.Background(), in)
	if err != nil {
		tb.Fatalf("decide: %v", err)
	}
	return d
}

// mustReplace replaces each old with its new once in src, and fails when
// an old is not there: a test that edits the demo Rego must notice when
// the text it edits has moved.
func mustReplace(tb testing.TB, src string, oldNew ...string) string {
	tb.Helper()
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(src, oldNew[i]) {
			tb.Fatalf("the demo Rego no longer has %q", oldNew[i])
		}
		src = strings.Replace(src, oldNew[i], oldNew[i+1], 1)
	}
	return src
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
