package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/gdx-exchange/gdx/internal/foreigntest"
)

// chromiumNames are the executables tried, in order, for the browser
// tests; GDX_CHROMIUM names another.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// findChromium returns the browser's path, skipping the test (failing it
// under CI, where .ci/run installs Debian's chromium) when there is none.
func findChromium(t *testing.T) string {
	t.Helper()
	names := chromiumNames
	if p := os.Getenv("GDX_CHROMIUM"); p != "" {
		names = []string{p}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	msg := "browser tests: no chromium on PATH (apt-get install chromium, or set GDX_CHROMIUM)"
	if os.Getenv("GDX_CI") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// tab is one headless chromium tab of a test: every page it visits is
// saved as a screenshot under dir.
type tab struct {
	t     *testing.T
	ctx   context.Context
	dir   string
	shots *int // shared by the tabs of one browser
}

// newTab starts a fresh headless chromium (empty profile, no background
// connections: the machine's network refuses them) and opens a tab.
func newTab(t *testing.T) *tab {
	t.Helper()
	exe := findChromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// A Thai visitor's browser: the portal's default is asked for.
		chromedp.Flag("lang", "th-TH"),
		chromedp.Flag("accept-lang", "th-TH,th"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	tctx, cancelTime := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return &tab{t: t, ctx: tctx, dir: artifactDir(t), shots: new(int)}
}

// artifactDir is where a test's screenshots go: GDX_ARTIFACTS/<test> when
// set (CI keeps it), else a temporary directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if base := os.Getenv("GDX_ARTIFACTS"); base != "" {
		dir = filepath.Join(base, strings.ReplaceAll(t.Name(), "/", "_"))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshots: %s", dir)
	return dir
}

// run runs chromedp actions, failing the test with what was being done.
func (b *tab) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v (at %s)", what, err, b.location())
	}
}

// tabGet runs one chromedp action and returns its value.
func tabGet[T any](b *tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v (at %s)", what, err, b.location())
	}
	return v
}

// stepTimeout bounds one step of a test in the browser.
const stepTimeout = 20 * time.Second

// location is the tab's current address, for messages.
func (b *tab) location() string {
	u, _ := chromedp.Run(b.ctx, chromedp.Location())
	return u
}

// open loads url, waits for its body and saves a screenshot.
func (b *tab) open(url string) {
	b.t.Helper()
	b.run("open "+url, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(":root")))
	b.shot()
}

// click clicks the element sel finds (through the DOM, as a user's click
// reaches it), waits until the page it leads to has loaded and saves a
// screenshot.
func (b *tab) click(sel string) {
	b.t.Helper()
	q, _ := json.Marshal(sel)
	b.waitFor(sel, fmt.Sprintf(`document.readyState === "complete" && document.querySelector(%s) !== null`, q))
	b.run("click "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.__gdxOld = true; document.querySelector(%s).click(); undefined`, q)))
	b.waitFor("the next page after "+sel, `window.__gdxOld !== true && document.readyState === "complete"`)
	b.shot()
}

// waitFor evaluates the expression until it is true, through the
// navigations that interrupt it.
func (b *tab) waitFor(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("wait for %s: %v (at %s)", what, err, b.location())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// shot saves a full-page screenshot named by its order and address.
func (b *tab) shot() {
	b.t.Helper()
	png := tabGet(b, "screenshot", chromedp.FullScreenshot(100))
	*b.shots++
	u := b.location()
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	name := fmt.Sprintf("%02d-%.80s.png", *b.shots, strings.Trim(unsafeName.ReplaceAllString(u, "_"), "_"))
	if err := os.WriteFile(filepath.Join(b.dir, name), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// text returns the visible text of the element sel finds.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return tabGet(b, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// attr returns the attribute of the first element sel finds.
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	return tabGet(b, "read "+sel+"@"+name, chromedp.AttributeValue(chromedp.CSS(sel), name)).Value
}

// typeInto types s into the field sel finds.
func (b *tab) typeInto(sel, s string) {
	b.t.Helper()
	b.run("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), s))
}

// eval evaluates a JavaScript expression in the page, awaiting a promise.
func eval[T any](b *tab, what, expr string) T {
	b.t.Helper()
	return tabGet(b, what, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// download clicks the link sel finds and returns the bytes the browser
// saved.
func (b *tab) download(sel string) []byte {
	b.t.Helper()
	dir := b.t.TempDir()
	wait, cancel := context.WithTimeout(b.ctx, 90*time.Second) // a whole licence file
	defer cancel()
	progress := chromedp.Events(wait, browser.DownloadProgress)
	b.run("allow downloads", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
		return err
	}))
	done := make(chan string, 1) // the GUID of the completed download
	go func() {
		for ev, err := range progress {
			if err != nil {
				return
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				done <- ev.GUID
				return
			}
		}
	}()
	q, _ := json.Marshal(sel)
	b.run("click "+sel, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%s).click(); undefined`, q)))
	// The completed event is the usual end; a saved file that stops
	// growing is the other, should the event be lost to a busy browser.
	poll := time.NewTicker(250 * time.Millisecond)
	defer poll.Stop()
	last := map[string][2]int64{}
	for {
		select {
		case guid := <-done:
			raw, err := os.ReadFile(filepath.Join(dir, guid))
			if err != nil {
				b.t.Fatal(err)
			}
			return raw
		case <-poll.C:
			if raw, ok := settledDownload(dir, last); ok {
				return raw
			}
		case <-wait.Done():
			entries, _ := os.ReadDir(dir)
			b.t.Fatalf("the download of %s did not finish in 90 s (%d files in its directory)", sel, len(entries))
			return nil
		}
	}
}

func ptr[T any](v T) *T { return &v }

// axeViolation is one rule axe-core found broken on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript returns axe-core's source from the foreign readers' npm
// packages, installing them when missing.
func axeScript(t *testing.T) string {
	t.Helper()
	foreigntest.Require(t)
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join("..", "internal", "foreigntest", "js", "node_modules", "axe-core", "axe.min.js"))
		axeSource = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core: %v", axeErr)
	}
	return axeSource
}

// axe runs axe-core on the current page (injected through the DevTools
// protocol, which the pages' CSP does not govern) and returns the serious
// and critical violations, logging the others.
func (b *tab) axe(src string) []axeViolation {
	b.t.Helper()
	if !eval[bool](b, "inject axe-core", src+"\n;typeof axe === 'object'") {
		b.t.Fatal("axe-core did not load")
	}
	raw := eval[string](b, "run axe-core", `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`)
	var all []axeViolation
	if err := json.Unmarshal([]byte(raw), &all); err != nil {
		b.t.Fatalf("axe-core's answer: %v", err)
	}
	var bad []axeViolation
	for _, v := range all {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v)
			continue
		}
		b.t.Logf("axe %s (%s) on %s: %s", v.ID, v.Impact, b.location(), v.Help)
	}
	return bad
}

// String describes a violation with the first nodes it was found on.
func (v axeViolation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&s, "\n\t… and %d more", len(v.Nodes)-3)
			break
		}
		fmt.Fprintf(&s, "\n\t%v %.200s", n.Target, n.HTML)
	}
	return s.String()
}

// settledDownload returns a finished file of dir: one that is not a
// partial download and kept its size for a second of polls (last keeps,
// by name, the size and how many polls in a row saw it).
func settledDownload(dir string, last map[string][2]int64) ([]byte, bool) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || e.IsDir() || strings.HasSuffix(e.Name(), ".crdownload") || info.Size() == 0 {
			continue
		}
		seen := last[e.Name()]
		if seen[0] != info.Size() {
			last[e.Name()] = [2]int64{info.Size(), 0}
			continue
		}
		if seen[1]++; seen[1] >= 4 {
			raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
			return raw, err == nil
		}
		last[e.Name()] = seen
	}
	return nil, false
}
