package certs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitLoadRoundTrip(t *testing.T) {
	a, dir := newTestCA(t)
	got, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	cert := got.Certificate()
	if !cert.Equal(a.Certificate()) {
		t.Errorf("loaded certificate differs from the created one")
	}
	if cert.Subject.CommonName != CACommonName || cert.Subject.Organization[0] != "gdx test" {
		t.Errorf("subject = %v", cert.Subject)
	}
	if !cert.IsCA || cert.NotAfter.Sub(cert.NotBefore) < DefaultCAValidity {
		t.Errorf("IsCA = %v, validity %v", cert.IsCA, cert.NotAfter.Sub(cert.NotBefore))
	}
	for name, want := range map[string]os.FileMode{CACertFile: 0o644, CAKeyFile: 0o600} {
		if got := fileMode(t, filepath.Join(dir, name)); got != want {
			t.Errorf("%s mode = %o, want %o", name, got, want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("directory holds %d entries, want 2 (no temp files left)", len(entries))
	}
}

func TestInitRefusesSecond(t *testing.T) {
	_, dir := newTestCA(t)
	before, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	_, err := Init(dir, InitOptions{})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), CAKeyFile) {
		t.Fatalf("second Init = %v, want ErrExists naming %s", err, CAKeyFile)
	}
	after, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if string(before) != string(after) {
		t.Errorf("second Init changed %s", CAKeyFile)
	}
}

func TestLoadErrors(t *testing.T) {
	other, otherDir := newTestCA(t)
	server, err := other.IssueServer(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _ := os.ReadFile(filepath.Join(otherDir, CAKeyFile))
	tests := []struct {
		name  string
		setup func(dir string)
		want  error
		file  string
	}{
		{"missing cert", func(dir string) { os.Remove(filepath.Join(dir, CACertFile)) }, ErrNotFound, CACertFile},
		{"missing key", func(dir string) { os.Remove(filepath.Join(dir, CAKeyFile)) }, ErrNotFound, CAKeyFile},
		{"corrupt cert PEM", func(dir string) { writeFile(t, filepath.Join(dir, CACertFile), []byte("nonsense")) }, ErrCorrupt, CACertFile},
		{"corrupt key PEM", func(dir string) { writeFile(t, filepath.Join(dir, CAKeyFile), []byte("nonsense")) }, ErrCorrupt, CAKeyFile},
		{"cert in key file", func(dir string) { writeFile(t, filepath.Join(dir, CAKeyFile), server.CertPEM) }, ErrCorrupt, CAKeyFile},
		{"bad DER", func(dir string) {
			writeFile(t, filepath.Join(dir, CACertFile), []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
		}, ErrCorrupt, CACertFile},
		{"key mismatch", func(dir string) { writeFile(t, filepath.Join(dir, CAKeyFile), otherKey) }, ErrInvalid, CAKeyFile},
		{"not a CA", func(dir string) {
			writeFile(t, filepath.Join(dir, CACertFile), server.CertPEM)
			writeFile(t, filepath.Join(dir, CAKeyFile), server.KeyPEM)
		}, ErrInvalid, CACertFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, dir := newTestCA(t)
			tt.setup(dir)
			_, err := Load(dir)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Fatalf("Load = %v, want %v naming %s", err, tt.want, tt.file)
			}
			if tt.want == ErrNotFound && !strings.Contains(err.Error(), "gdx certs init") {
				t.Errorf("Load = %v, want a hint to run gdx certs init", err)
			}
		})
	}
}

func TestLoadMissingDir(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope"))
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load = %v, want ErrNotFound", err)
	}
}

func TestInitAfterCrashBeforeKey(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, CACertFile), []byte("left over"))
	if _, err := Init(dir, InitOptions{}); err != nil {
		t.Fatalf("Init with only a stale ca.crt: %v", err)
	}
	if _, err := Load(dir); err != nil {
		t.Fatalf("Load: %v", err)
	}
}
