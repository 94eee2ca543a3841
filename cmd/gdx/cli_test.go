package main

import (
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// commandPaths lists every command of the tree, as words after "gdx".
func commandPaths(cmd *cobra.Command, prefix []string) [][]string {
	var out [][]string
	for _, c := range cmd.Commands() {
		if !c.IsAvailableCommand() {
			continue
		}
		path := append(slices.Clone(prefix), c.Name())
		out = append(out, path)
		out = append(out, commandPaths(c, path)...)
	}
	return out
}

func TestEveryCommandAnswersHelp(t *testing.T) {
	paths := commandPaths(newRoot(io.Discard, io.Discard), nil)
	for _, want := range []string{"agency", "agency key", "agency key rotate", "audit query", "completion", "policy explain", "steward passwd"} {
		if !slices.ContainsFunc(paths, func(p []string) bool { return strings.Join(p, " ") == want }) {
			t.Errorf("no command %q in %v", want, paths)
		}
	}
	for _, p := range append(paths, nil) {
		for _, flag := range []string{"--help", "-h"} {
			t.Run(strings.Join(append(p, flag), " "), func(t *testing.T) {
				code, stdout, stderr := runGDX(t, append(slices.Clone(p), flag)...)
				if code != 0 || stderr != "" {
					t.Fatalf("exit %d, stderr %q", code, stderr)
				}
				if n := strings.Count(stdout, "Usage:"); n != 1 {
					t.Errorf("usage printed %d times:\n%s", n, stdout)
				}
				if !strings.Contains(stdout, "gdx "+strings.Join(p, " ")) {
					t.Errorf("help does not name the command:\n%s", stdout)
				}
			})
		}
	}
}

func TestRootHelpDocumentsExitCodesAndEnvironment(t *testing.T) {
	for _, args := range [][]string{nil, {"--help"}, {"help"}} {
		code, stdout, _ := runGDX(t, args...)
		if code != 0 || !strings.Contains(stdout, "Exit codes:") || !strings.Contains(stdout, "GDX_<FLAG>") || !strings.Contains(stdout, "demo") {
			t.Errorf("gdx %v: exit %d\n%s", args, code, stdout)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command with a suggestion", []string{"agnecy"}, `unknown command "agnecy" (did you mean "agency"?)`},
		{"missing subcommand", []string{"agency"}, "missing subcommand: activate, add, key, list, suspend"},
		{"unknown subcommand", []string{"agency", "frob"}, `unknown subcommand "frob"`},
		{"unknown nested subcommand", []string{"agency", "key", "spin"}, `unknown subcommand "spin"`},
		{"unknown output format", []string{"agency", "list", "-o", "yaml"}, `--output "yaml": want table or json`},
		{"completion for an unknown shell", []string{"completion", "tcsh"}, "bash, zsh or fish"},
		{"two policy directories", []string{"policy", "test", "a", "b"}, `unexpected argument "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runGDX(t, tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d; stderr %q does not say %q", code, exitUsage, stderr, tt.want)
			}
			if strings.Contains(stdout+stderr, "Usage:") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("want one line and no usage dump:\n%s%s", stdout, stderr)
			}
		})
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{"bash": "complete -o default -F __start_gdx gdx", "zsh": "#compdef gdx", "fish": "complete -c gdx"} {
		code, stdout, stderr := runGDX(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, marker) {
			t.Errorf("completion %s: exit %d, %q not in output (stderr %q)", shell, code, marker, stderr)
		}
	}
	// The scripts call back into gdx; the subcommands must come back.
	code, stdout, _ := runGDX(t, "__complete", "agency", "")
	if code != 0 || !strings.Contains(stdout, "suspend") || !strings.Contains(stdout, "key") {
		t.Errorf("__complete agency: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = runGDX(t, "__complete", "audit", "query", "--kind", "")
	if code != 0 || !strings.Contains(stdout, "auth_failure") {
		t.Errorf("__complete audit query --kind: exit %d\n%s", code, stdout)
	}
}

func TestSingleDashLongFlagsStillWork(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runGDX(t, "certs", "init", "-data", dir); code != 0 {
		t.Fatalf("certs init -data: %s", stderr)
	}
	if code, stdout, stderr := runGDX(t, "certs", "list", "-data="+dir, "-o", "json"); code != 0 || stdout != "" {
		t.Fatalf("certs list -data=: exit %d %q %s", code, stdout, stderr)
	}
}

func TestDoubleDash(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"-data", "x"}, []string{"--data", "x"}},
		{[]string{"-data=x", "--reset"}, []string{"--data=x", "--reset"}},
		{[]string{"-o", "json", "-h"}, []string{"-o", "json", "-h"}},
		{[]string{"--limit", "-1"}, []string{"--limit", "-1"}},
		{[]string{"--", "-data"}, []string{"--", "-data"}},
	}
	for _, tt := range tests {
		if got := doubleDash(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("doubleDash(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSnakeCase(t *testing.T) {
	tests := map[string]string{
		"ID": "id", "RequestID": "request_id", "KeyHashes": "key_hashes", "CertThumbprint": "cert_thumbprint",
		"UpstreamStatus": "upstream_status", "HTTPStatus": "http_status", "DNSNames": "dns_names", "IPs": "ips",
		"NotAfter": "not_after", "Seq": "seq", "PrevHash": "prev_hash", "LatencyMicros": "latency_micros",
		"FieldsReturned": "fields_returned", "X5tS256": "x5t_s256", "already_snake": "already_snake",
	}
	for in, want := range tests {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSnakeJSONKeepsTagsAndOrder(t *testing.T) {
	v := struct {
		RequestID string
		Named     int    `json:"custom,omitempty"`
		Hidden    string `json:"-"`
		KeyHashes []string
		private   int
	}{RequestID: "r", Named: 1, Hidden: "h", KeyHashes: []string{"a"}, private: 2}
	b, err := snakeJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"request_id":"r","custom":1,"key_hashes":["a"]}`; string(b) != want {
		t.Errorf("snakeJSON = %s, want %s", b, want)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Error(err)
	}
}

func TestListsPrintTablesOrJSON(t *testing.T) {
	dir := seededDir(t)
	code, stdout, stderr := runGDX(t, "agency", "list", "--data", dir)
	if code != 0 || !strings.HasPrefix(stdout, "CODE ") || !strings.Contains(stdout, "DOPA") {
		t.Fatalf("agency list: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runGDX(t, "agency", "list", "--data", dir, "-o", "json")
	if code != 0 {
		t.Fatalf("agency list -o json: exit %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var a struct {
		Code   string `json:"code"`
		NameTH string `json:"name_th"`
	}
	if len(lines) < 5 || json.Unmarshal([]byte(lines[0]), &a) != nil || a.Code == "" || a.NameTH == "" {
		t.Fatalf("agency list -o json: want one agency per line:\n%s", stdout)
	}
}

func TestAuditQueryJSONUsesSnakeCase(t *testing.T) {
	dir := operatorDir(t)
	if code, _, stderr := runGDX(t, "agency", "suspend", "--data", dir, "--code", "RD"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := runGDX(t, "audit", "query", "--data", dir, "--kind", "admin", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		for _, key := range []string{"id", "request_id", "key_hashes", "officer", "writer", "prev_hash"} {
			if _, ok := e[key]; !ok {
				t.Errorf("no member %q in %s", key, line)
			}
		}
		for _, goName := range []string{"ID", "KeyHashes", "RequestID"} {
			if _, ok := e[goName]; ok {
				t.Errorf("Go field name %q in %s", goName, line)
			}
		}
	}
	code, stdout, _ = runGDX(t, "audit", "query", "--data", dir, "--kind", "admin")
	if code != 0 || !strings.HasPrefix(stdout, "TIME ") || !strings.Contains(stdout, "agency.suspend") || strings.Contains(stdout, "{") {
		t.Errorf("audit query table: exit %d\n%s", code, stdout)
	}
}
