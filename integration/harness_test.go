package integration

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// gdxBinary builds cmd/gdx once per test run and returns its path.
func gdxBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gdx-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "gdx")
		out, err := exec.Command("go", "build", "-o", binPath, "../cmd/gdx").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("build gdx: %v", buildErr)
	}
	return binPath
}

// demoInfo mirrors the parts of DIR/demo.json the tests read.
type demoInfo struct {
	APIURL   string            `json:"api_url"`
	WebURL   string            `json:"web_url"`
	AdminURL string            `json:"admin_url"`
	Audience string            `json:"audience"`
	CA       string            `json:"ca"`
	Agencies map[string]string `json:"agencies"`
	Datasets []struct {
		ID             string   `json:"id"`
		Owner          string   `json:"owner"`
		Classification string   `json:"classification"`
		KeyKind        string   `json:"key_kind"`
		SampleKeys     []string `json:"sample_keys"`
	} `json:"datasets"`
	Purposes []struct {
		Code  string `json:"code"`
		Basis string `json:"basis"`
	} `json:"purposes"`
	Grants []struct {
		Consumer string   `json:"consumer"`
		Dataset  string   `json:"dataset"`
		Purposes []string `json:"purposes"`
		Fields   []string `json:"fields"`
	} `json:"grants"`
}

// runningDemo is a `gdx demo` process started by a test.
type runningDemo struct {
	Dir    string
	Info   demoInfo
	Output *lockedBuffer
	cmd    *exec.Cmd
}

// startDemo runs `gdx demo` on free ports in dir and waits until it has
// written demo.json and printed its banner. The process is interrupted at
// cleanup. An empty dir gets a copy of a data directory seeded once per
// test run, so tests do not each pay for the first run's argon2id hashing;
// startFreshDemo covers the first run itself.
func startDemo(t *testing.T, dir string, extra ...string) *runningDemo {
	t.Helper()
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		copyDir(t, seededTemplate(t), dir)
	}
	return startFreshDemo(t, dir, extra...)
}

// startFreshDemo is startDemo without the seeded copy.
func startFreshDemo(t *testing.T, dir string, extra ...string) *runningDemo {
	t.Helper()
	os.Remove(filepath.Join(dir, "demo.json"))
	args := append([]string{"demo", "--data", dir, "--api-addr", "127.0.0.1:0", "--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--digitalid-addr", "127.0.0.1:0", "--demo-licences", "5000"}, extra...)
	d := &runningDemo{Dir: dir}
	d.cmd, d.Output = startGDX(t, args, false, func(line string) bool { return strings.Contains(line, "Press Ctrl-C") })
	t.Cleanup(d.stop)
	d.Info = readDemoJSON(t, dir)
	return d
}

// startGDX starts the binary and waits until ready(line) holds for a line
// of its stdout (or stderr when onStderr), failing the test if it exits
// first. It returns the command and everything it printed.
func startGDX(t *testing.T, args []string, onStderr bool, ready func(string) bool) (*exec.Cmd, *lockedBuffer) {
	t.Helper()
	cmd := exec.Command(gdxBinary(t), args...)
	out := &lockedBuffer{}
	pipe, err := cmd.StdoutPipe()
	if onStderr {
		cmd.Stdout = out
		pipe, err = cmd.StderrPipe()
	} else {
		cmd.Stderr = out
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	banner, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		sc := bufio.NewScanner(pipe)
		seen := false
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if !seen && ready(sc.Text()) {
				seen = true
				close(banner)
			}
		}
	}()
	select {
	case <-banner:
	case <-ended:
		cmd.Wait()
		t.Fatalf("gdx %s exited before it was ready; output:\n%s", args[0], out)
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("gdx %s was not ready within 60s; output:\n%s", args[0], out)
	}
	return cmd, out
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// seededTemplate seeds a demo data directory once per test run.
func seededTemplate(t *testing.T) string {
	t.Helper()
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gdx-demo-template-")
		if err != nil {
			templateErr = err
			return
		}
		templateDir = filepath.Join(dir, "data")
		cmd := exec.Command(gdxBinary(t), "demo", "--data", templateDir, "--api-addr", "127.0.0.1:0", "--web-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--digitalid-addr", "127.0.0.1:0", "--demo-licences", "5000")
		out := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if templateErr = cmd.Start(); templateErr != nil {
			return
		}
		deadline := time.Now().Add(90 * time.Second)
		for !strings.Contains(out.String(), "Press Ctrl-C") && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if !strings.Contains(out.String(), "Press Ctrl-C") {
			templateErr = errors.New("seeding the template demo failed:\n" + out.String())
		}
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	return templateDir
}

// copyDir copies a data directory, keeping file modes.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		info, err := e.Info()
		if err != nil {
			return err
		}
		if e.IsDir() {
			return os.MkdirAll(target, info.Mode().Perm())
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copy the seeded demo: %v", err)
	}
}

func (d *runningDemo) stop() {
	if d.cmd.Process == nil || d.cmd.ProcessState != nil {
		return
	}
	d.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- d.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		d.cmd.Process.Kill()
		<-done
	}
}

func readDemoJSON(t *testing.T, dir string) demoInfo {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "demo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var info demoInfo
	if err := json.Unmarshal(b, &info); err != nil {
		t.Fatalf("demo.json: %v", err)
	}
	return info
}

// agencyClient returns an HTTPS client presenting the agency's demo
// credentials and trusting only the demo CA.
func (d *runningDemo) agencyClient(t *testing.T, code string) *http.Client {
	t.Helper()
	dir := filepath.Join(d.Dir, d.Info.Agencies[code])
	cert, err := tls.LoadX509KeyPair(filepath.Join(dir, "client.crt"), filepath.Join(dir, "client.key"))
	if err != nil {
		t.Fatal(err)
	}
	return d.client(t, &cert)
}

// client returns an HTTPS client trusting the demo CA and presenting cert
// when it is not nil.
func (d *runningDemo) client(t *testing.T, cert *tls.Certificate) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(filepath.Join(d.Dir, d.Info.CA))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("demo CA is not PEM")
	}
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if cert != nil {
		// Always present it, as curl would; Go's default sends a client
		// certificate only when it matches the CAs the server names.
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return cert, nil }
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// lockedBuffer collects a process's output from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) WriteString(s string) { l.Write([]byte(s)) }

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// token runs `gdx token` for the agency with a purpose the demo grants it.
func (d *runningDemo) token(t *testing.T, code string, extra ...string) string {
	t.Helper()
	args := append([]string{"token", "--agency", filepath.Join(d.Dir, d.Info.Agencies[code]), "--purpose", "licensing",
		"--sub", "officer-1", "--ial", "2.3", "--aal", "2", "--audience", d.audience()}, extra...)
	out, err := exec.Command(gdxBinary(t), args...).Output()
	if err != nil {
		t.Fatalf("gdx token: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func (d *runningDemo) audience() string {
	if d.Info.Audience == "" {
		return "urn:gdx:gateway:gdx"
	}
	return d.Info.Audience
}

// bearer returns the Authorization header of a fresh token of the agency.
func (d *runningDemo) bearer(t *testing.T, code string) http.Header {
	return http.Header{"Authorization": {"Bearer " + d.token(t, code)}}
}
