package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/policies"
)

// writeSet writes a policy set into a new directory.
func writeSet(t *testing.T, mods policies.Modules) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range mods {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ownerOnly returns the demo set's DOPA module alone, plus extra files.
func ownerOnly(extra policies.Modules) policies.Modules {
	mods := policies.Modules{}
	for name, src := range policies.DemoSet() {
		if policies.OwnerOf(name) == "dopa" {
			mods[name] = src
		}
	}
	for name, src := range extra {
		mods[name] = src
	}
	return mods
}

const failingTest = "package gdx.owner.dopa_test\n\ntest_always_fails if {\n\tfalse\n}\n"

// unknownInput refers to an input member the schema does not have.
const unknownInput = "package gdx.owner.dopa\n\ndecision := {\"allow\": input.citizen.age > 20}\n"

func TestPolicyTestAndLint(t *testing.T) {
	whole := writeSet(t, policies.DemoSet())
	owner := writeSet(t, ownerOnly(nil))
	failing := writeSet(t, ownerOnly(policies.Modules{"owner/dopa/extra_test.rego": failingTest}))
	broken := writeSet(t, policies.Modules{"owner/dopa/policy.rego": unknownInput})
	unparsable := writeSet(t, policies.Modules{"owner/dopa/policy.rego": "package gdx.owner.dopa\n\ndecision := {\n"})
	located := regexp.MustCompile(`policy\.rego:\d+:\d+: `)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"test passes on the demo set", []string{"policy", "test", whole}, 0, "0 failed, 0 problem(s)"},
		{"test adds the baseline to an owner module", []string{"policy", "test", owner}, 0, "(baseline) baseline_test.rego"},
		{"test without the baseline misses its decision", []string{"policy", "test", "--baseline=false", owner}, 1, "gdx.baseline must define the rule decision"},
		{"failing test exits 1 and names it", []string{"policy", "test", failing}, 1, "extra_test.rego:3: gdx.owner.dopa_test.test_always_fails: FAIL"},
		{"test needs a directory", []string{"policy", "test"}, 2, "name the directory"},
		{"lint passes on the demo set", []string{"policy", "lint", whole}, 0, "no problems"},
		{"lint ignores failing tests", []string{"policy", "lint", failing}, 0, "no problems"},
		{"lint finds an unknown input member", []string{"policy", "lint", broken}, 1, "undefined ref: input.citizen"},
		{"lint finds a parse error", []string{"policy", "lint", unparsable}, 1, "rego_parse_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runGDX(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("exit %d, want %d; output does not say %q:\n%s%s", code, tt.wantCode, tt.want, stdout, stderr)
			}
			if tt.args[1] == "lint" && code == 1 && !located.MatchString(stdout) {
				t.Errorf("lint does not print file:line:col:\n%s", stdout)
			}
		})
	}
}

func TestPolicyDiffAndExplain(t *testing.T) {
	dir := seededDir(t)
	src := policies.DemoSet()["owner/dopa/policy.rego"]
	edited := writeSet(t, ownerOnly(policies.Modules{"owner/dopa/policy.rego": src + "\n# tighter soon\n"}))
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"diff of a directory against the active version", []string{"policy", "diff", "--data", dir, edited},
			0, []string{"# v1 → " + edited, "+# tighter soon"}},
		{"diff of the first version shows it whole", []string{"policy", "diff", "--data", dir, "--from", "v1"},
			0, []string{"(nothing) → v1", "+++ b/baseline.rego"}},
		{"diff of an unknown version fails", []string{"policy", "diff", "--data", dir, "--to", "v9"}, 1, []string{"policy version v9 not found"}},
		{"explain an allowed lookup with an owner's withholding", []string{"policy", "explain", "--data", dir,
			"--agency", "DLA", "--purpose", "licensing", "--dataset", "dopa.person", "--fields", "citizen_id,first_name_th,religion"},
			0, []string{"ALLOWED / อนุญาต", "citizen_id     in clear", "religion  owner_withheld", "purpose_limitation"}},
		{"explain a masked identifier", []string{"policy", "explain", "--data", dir,
			"--agency", "RD", "--purpose", "tax_assessment", "--dataset", "dopa.person", "--fields", "citizen_id,address"},
			0, []string{"ALLOWED", "citizen_id  masked: only the last 4 characters shown"}},
		{"explain a lookup without a grant", []string{"policy", "explain", "--data", dir,
			"--agency", "NOGRANT", "--purpose", "licensing", "--dataset", "dopa.person"},
			0, []string{"DENIED / ไม่อนุญาต", "no_grant", "ไม่มีข้อตกลง"}},
		{"explain with too low an assurance", []string{"policy", "explain", "--data", dir,
			"--agency", "DLA", "--purpose", "licensing", "--dataset", "dopa.person", "--ial", "1", "--aal", "1"},
			0, []string{"DENIED", "ial_too_low", "aal_too_low"}},
		{"explain with only the IAL given takes the dataset's AAL", []string{"policy", "explain", "--data", dir,
			"--agency", "DLA", "--purpose", "licensing", "--dataset", "dopa.person", "--ial", "2.1"},
			0, []string{"DENIED", "ial_too_low", "IAL 2.1, AAL 2"}},
		{"explain needs the three names", []string{"policy", "explain", "--data", dir, "--agency", "DLA"}, 2, []string{"are required"}},
		{"explain an unknown dataset", []string{"policy", "explain", "--data", dir,
			"--agency", "DLA", "--purpose", "licensing", "--dataset", "nope.data"}, 1, []string{"dataset nope.data not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runGDX(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d:\n%s%s", code, tt.wantCode, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("output does not say %q:\n%s%s", w, stdout, stderr)
				}
			}
		})
	}
}
