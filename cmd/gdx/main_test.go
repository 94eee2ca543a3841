package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runGDX runs the command line in-process and returns exit code and output.
func runGDX(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := run(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBadInputGivesOneClearLine(t *testing.T) {
	dir := t.TempDir()
	initialised := filepath.Join(dir, "ok")
	if code, _, stderr := runGDX(t, "certs", "init", "--data", initialised); code != 0 {
		t.Fatalf("certs init: %s", stderr)
	}
	corrupt := filepath.Join(dir, "corrupt")
	if code, _, stderr := runGDX(t, "certs", "init", "--data", corrupt); code != 0 {
		t.Fatalf("certs init: %s", stderr)
	}
	os.WriteFile(filepath.Join(corrupt, "ca.key"), []byte("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n"), 0o600)

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"malformed flag", []string{"demo", "--api-addr"}, 2, "flag needs an argument"},
		{"unknown flag", []string{"serve", "--colour", "red"}, 2, "unknown flag: --colour"},
		{"stray argument", []string{"migrate", "now"}, 2, `unexpected argument "now"`},
		{"bad log level", []string{"serve", "--data", initialised, "--log-level", "loud"}, 2, "--log-level"},
		{"missing data directory", []string{"serve", "--data", filepath.Join(dir, "nope")}, 1, "run 'gdx demo' once"},
		{"audit batch wait too long", []string{"serve", "--data", initialised, "--database-url", "sqlite://" + filepath.Join(dir, "x.db"), "--audit-batch-wait", "1s"}, 2, "--audit-batch-wait must be from 0 to 10ms"},
		{"database that does not answer", []string{"migrate", "--database-url", "postgres://gdx:secret@127.0.0.1:1/gdx?connect_timeout=2"}, 1, "does not answer"},
		{"corrupt CA key", []string{"certs", "issue", "--data", corrupt, "--agency", "DLA"}, 1, "ca.key"},
		{"CA never created", []string{"certs", "list", "--data", filepath.Join(dir, "none")}, 1, "gdx certs init"},
		{"second CA init", []string{"certs", "init", "--data", initialised}, 1, "ca.key"},
		{"issue needs one target", []string{"certs", "issue", "--data", initialised}, 2, "exactly one of --agency"},
		{"bad agency code", []string{"certs", "issue", "--data", initialised, "--agency", "dla!"}, 1, "dla!"},
		{"revoke unknown serial", []string{"certs", "revoke", "--data", initialised, "--serial", "abc"}, 1, "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runGDX(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.want)
			}
			if strings.Contains(stderr, "secret") {
				t.Errorf("stderr shows the database password: %q", stderr)
			}
			if lines := strings.Count(strings.TrimSpace(stderr), "\n"); lines > 2 {
				t.Errorf("stderr has %d lines, want one clear line:\n%s", lines+1, stderr)
			}
		})
	}
}

func TestEnvironmentSuppliesFlags(t *testing.T) {
	t.Setenv("GDX_LOG_LEVEL", "shouting")
	code, _, stderr := runGDX(t, "serve", "--data", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "GDX_LOG_LEVEL") && !strings.Contains(stderr, "shouting") {
		t.Fatalf("GDX_LOG_LEVEL was not applied: code %d, %q", code, stderr)
	}
}

func TestCertsIssueAndList(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"certs", "init", "--data", dir},
		{"certs", "issue", "--data", dir, "--agency", "DLA", "--alg", "EdDSA"},
		{"certs", "issue", "--data", dir, "--server", "gdx.example.go.th,10.0.0.5"},
	} {
		if code, _, stderr := runGDX(t, args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	for _, f := range []string{"agencies/DLA/client.crt", "agencies/DLA/client.key", "agencies/DLA/signing.jwk", "server.crt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	code, out, stderr := runGDX(t, "certs", "list", "--data", dir)
	if code != 0 || !strings.Contains(out, "DLA") || !strings.Contains(out, "gdx.example.go.th") || strings.Count(out, "valid") != 2 {
		t.Fatalf("certs list: code %d\n%s%s", code, out, stderr)
	}
}
