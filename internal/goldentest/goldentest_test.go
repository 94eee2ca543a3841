package goldentest

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that keeps whether it failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheck(t *testing.T) {
	t.Chdir(t.TempDir())
	os.Mkdir("testdata", 0o755)
	os.WriteFile(filepath.Join("testdata", "a.golden"), []byte("same\n"), 0o644)
	tests := []struct {
		name, file, got string
		update, fails   bool
	}{
		{"equal", "a.golden", "same\n", false, false},
		{"one byte differs", "a.golden", "same", false, true},
		{"missing file", "none.golden", "x", false, true},
		{"update writes, then equal", "b.golden", "new\n", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			*update = tt.update
			defer func() { *update = false }()
			r := &recorder{TB: t}
			Check(r, tt.file, tt.got)
			if r.failed != tt.fails {
				t.Errorf("failed = %v, want %v", r.failed, tt.fails)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join("testdata", "b.golden")); string(b) != "new\n" {
		t.Errorf("-update wrote %q", b)
	}
}
