package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/internal/goldentest"
)

// syncBuffer is a bytes.Buffer that the demo writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loopbackPort is the volatile part of demo.json: the ports the demo
// listeners and simulators were given.
var loopbackPort = regexp.MustCompile(`(//127\.0\.0\.1):\d+`)

// TestDemoJSONIsStable runs `gdx demo` on a fresh directory with any free
// ports and compares the demo.json it writes, ports normalised, with
// testdata/demo.json: scripts and tests rely on that file.
func TestDemoJSONIsStable(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	exited := false
	go func() {
		done <- run(ctx, []string{"demo", "--data", dir, "--api-addr", "127.0.0.1:0", "--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--digitalid-addr", "127.0.0.1:0", "--demo-licences", "5000"},
			&stdout, &stderr)
	}()
	defer func() {
		cancel()
		if exited {
			return
		}
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("the demo did not stop within 30 s of its context ending")
		}
	}()
	deadline := time.After(2 * time.Minute)
	for !strings.Contains(stdout.String(), "Press Ctrl-C") {
		select {
		case code := <-done:
			exited = true
			t.Fatalf("gdx demo exited with %d: %s", code, stderr.String())
		case <-deadline:
			t.Fatalf("gdx demo did not start within 2 minutes: %s", stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	got := loopbackPort.ReplaceAllString(string(raw), "${1}:<port>")
	goldentest.Check(t, "demo.json", got)
}
