package policies

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
)

// TestCompileRefuses checks that every kind of bad set is refused with the
// exact file, line and reason.
func TestCompileRefuses(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		src   string
		wants []string // substrings of the report's lines, in order
	}{
		{"does not parse", "owner/dopa/policy.rego", "package gdx.owner.dopa\n\ndecision := {\"allow\": true\n\nfoo if {\n",
			[]string{"owner/dopa/policy.rego:5:1: rego_parse_error"}},
		{"unknown input field", "owner/dopa/policy.rego", "package gdx.owner.dopa\n\ndecision := {\"allow\": input.dataset.secrecy == \"x\"}\n",
			[]string{"owner/dopa/policy.rego:3:23: rego_type_error: undefined ref: input.dataset.secrecy"}},
		{"unknown field flag", "owner/dopa/policy.rego", "package gdx.owner.dopa\n\ndecision := {\"allow\": true, \"fields\": [f.name | some f in input.dataset.fields; f.secret]}\n",
			[]string{"owner/dopa/policy.rego:3:", "undefined ref: f.secret"}},
		{"strict mode", "owner/dopa/policy.rego", "package gdx.owner.dopa\n\ndecision := {\"allow\": true} if {\n\tx := 1\n}\n",
			[]string{"owner/dopa/policy.rego:4:2: rego_compile_error: assigned var x unused"}},
		{"forbidden builtin", "owner/dopa/policy.rego", "package gdx.owner.dopa\n\ndecision := {\"allow\": time.now_ns() > 0}\n",
			[]string{"owner/dopa/policy.rego:3:", "undefined function time.now_ns"}},
		{"failing test", "owner/dopa/policy_test.rego", "package gdx.owner.dopa_test\n\nimport data.gdx.owner.dopa\n\ntest_never if {\n\tnot dopa.decision.allow with input as {}\n}\n",
			[]string{"owner/dopa/policy_test.rego:5: gdx.owner.dopa_test.test_never: FAIL"}},
		{"owner module in a foreign package", "owner/dopa/policy.rego", "package gdx.owner.dbd\n\ndecision := {\"allow\": true}\n",
			[]string{"owner/dopa/policy.rego:1:1: package gdx.owner.dbd: a module in owner/dopa/ must be package gdx.owner.dopa"}},
		{"owner module posing as another owner's test package", "owner/dopa/extra.rego", "package gdx.owner.dopa_test\n\nx := 1\n",
			[]string{"owner/dopa/extra.rego:1:1: package gdx.owner.dopa_test: a module in owner/dopa/ must be package gdx.owner.dopa"}},
		{"central file in an owner package", "extra.rego", "package gdx.owner.dopa.extra\n\nx := 1\n",
			[]string{"extra.rego:1:1: package gdx.owner.dopa.extra: owner packages belong in owner/<key>/ files"}},
		{"owner module without decision", "owner/dopa/policy.rego", "package gdx.owner.dopa\n\nx := 1\n",
			[]string{"package gdx.owner.dopa must define the rule decision"}},
		{"bad file name", "Owner/DOPA.rego", "package x\n", []string{"Owner/DOPA.rego: file name must be"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mods := DemoSet()
			if tt.file == "owner/dopa/policy.rego" {
				mods["owner/dopa/policy_test.rego"] = "package gdx.owner.dopa_test\n"
			}
			mods[tt.file] = tt.src
			p, rep, err := Compile(context.Background(), "v-bad", mods)
			var refused *RefusedError
			if p != nil || !errors.As(err, &refused) || !catalog.IsKind(err, catalog.KindInvalid) {
				t.Fatalf("Compile = %v, %v; want a *RefusedError of kind invalid", p, err)
			}
			text := strings.Join(rep.Lines(), "\n")
			for _, want := range tt.wants {
				i := strings.Index(text, want)
				if i < 0 {
					t.Fatalf("report lacks %q:\n%s", want, text)
				}
				text = text[i+len(want):]
			}
		})
	}
}

// TestTopSecretProbe refuses a set whose baseline would allow top secret
// data, even though the Go guard would deny it.
func TestTopSecretProbe(t *testing.T) {
	mods := DemoSet()
	mods["baseline.rego"] = mustReplace(t, mods["baseline.rego"],
		`refusals contains "top_secret" if level == "top_secret"`, "",
		`permitted if input.dataset.classification == "public"`,
		`permitted if input.dataset.classification == "public"

permitted if input.dataset.classification == "top_secret"`)
	delete(mods, "baseline_test.rego") // its top secret test would catch it first
	_, rep, err := Compile(context.Background(), "v-leak", mods)
	if err == nil || !strings.Contains(strings.Join(rep.Lines(), "\n"), "would allow top_secret data") {
		t.Fatalf("Compile = %v; report %q", err, rep.Lines())
	}
}

// TestGoGuardDeniesTopSecret prepares a leaking set without the probe and
// checks that the Go guard still denies.
func TestGoGuardDeniesTopSecret(t *testing.T) {
	mods := Baseline()
	mods["baseline.rego"] = "package gdx.baseline\n\ndecision := {\"allow\": true, \"fields\": input.requested_fields}\n"
	parsed, problems := mods.parse()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	p, problems := prepare(context.Background(), "v-leaky", mods, deciding(parsed))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if d := decide(t, p, lookup(t, demo.DLA, "licensing", demo.ProtectedDataset, "citizen_id")); d.Allow || !d.HasReason(ReasonTopSecret) {
		t.Errorf("top secret decision = %+v", d)
	}
	if raw, err := p.evaluate(context.Background(), topSecretProbe("dopa")); err != nil || !raw.Allow {
		t.Errorf("the leaky set should allow before the guard: %+v, %v", raw, err)
	}
}

// TestFailClosed covers undefined results, evaluation errors, invalid
// input and the empty engine.
func TestFailClosed(t *testing.T) {
	undefined := DemoSet()
	undefined["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\ndecision := {\"allow\": true, \"fields\": input.requested_fields} if input.purpose.code != \"licensing\"\n"
	undefined["owner/dopa/policy_test.rego"] = "package gdx.owner.dopa_test\n"
	failing := DemoSet()
	failing["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\ndecision := {\"allow\": true, \"fields\": input.requested_fields} if {\n\tinput.purpose.code != \"licensing\"\n} else := {\"allow\": to_number(input.officer.sub) > 0}\n"
	failing["owner/dopa/policy_test.rego"] = "package gdx.owner.dopa_test\n"
	in := lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th")
	tests := []struct {
		name   string
		engine func(t *testing.T) *Engine
		in     Input
		reason string
		err    bool
	}{
		{"undefined decision", engineWith(undefined), in, ReasonPolicyError, true},
		{"evaluation error", engineWith(failing), in, ReasonPolicyError, true},
		{"invalid input", engineWith(DemoSet()), Input{}, ReasonInvalidInput, true},
		{"no policy", func(*testing.T) *Engine { return NewEngine() }, in, ReasonNoPolicy, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := tt.engine(t).Decide(context.Background(), tt.in)
			if d.Allow || !slices.Equal(d.Reasons, []string{tt.reason}) || (err != nil) != tt.err || d.ID == "" {
				t.Fatalf("Decide = %+v, %v; want deny %s (error %v)", d, err, tt.reason, tt.err)
			}
		})
	}
}

func engineWith(mods Modules) func(t *testing.T) *Engine {
	return func(t *testing.T) *Engine {
		e := NewEngine()
		if _, err := e.Load(context.Background(), "v-x", mods); err != nil {
			t.Fatal(err)
		}
		return e
	}
}

// TestActivationIsAtomic decides concurrently while two versions swap:
// every decision must be wholly one version's (run with -race).
func TestActivationIsAtomic(t *testing.T) {
	open := mustDemoPolicy(t)
	closedMods := DemoSet()
	closedMods["owner/dopa/policy.rego"] = "package gdx.owner.dopa\n\ndecision := {\"allow\": false, \"reasons\": [\"closed\"]}\n"
	delete(closedMods, "owner/dopa/policy_test.rego")
	closed := mustCompile(t, "v-closed", closedMods)
	e := NewEngine()
	e.Activate(open)
	in := lookup(t, demo.DLA, "licensing", demo.PersonDataset, "first_name_th")
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				d, err := e.Decide(context.Background(), in)
				okOpen := d.PolicyVersion == "v-test" && d.Allow && slices.Equal(d.Fields, []string{"first_name_th"})
				okClosed := d.PolicyVersion == "v-closed" && !d.Allow && slices.Equal(d.Reasons, []string{"closed"})
				if err != nil || !(okOpen || okClosed) {
					errs <- d.PolicyVersion + ": " + strings.Join(d.Reasons, ",")
					return
				}
			}
		})
	}
	for i := range 200 {
		e.Activate([]*Policy{open, closed}[i%2])
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Errorf("half a policy: %s", msg)
	}
}
