package openapi_test

import (
	"bufio"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
)

// goldenExchange is one answer of gateway's golden files: the request
// line, the status, content type and error source, and the body.
type goldenExchange struct {
	name, method, target string
	status               int
	contentType, source  string
	retryAfter           string
	body                 string
}

// readGolden parses a golden file of gateway's answer tests (blocks of
// "=== name", "METHOD target", "STATUS TYPE (error source "S") [Retry-After: N]", body).
func readGolden(t *testing.T, path string) []goldenExchange {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenExchange
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var lines []string
	flush := func() {
		if len(lines) >= 4 {
			out = append(out, parseGolden(t, lines))
		}
		lines = nil
	}
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "=== ") {
			flush()
		}
		lines = append(lines, sc.Text())
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func parseGolden(t *testing.T, lines []string) goldenExchange {
	t.Helper()
	e := goldenExchange{name: strings.TrimPrefix(lines[0], "=== "), body: strings.Join(lines[3:], "\n")}
	var ok bool
	if e.method, e.target, ok = strings.Cut(lines[1], " "); !ok {
		t.Fatalf("%s: request line %q", e.name, lines[1])
	}
	status, rest, _ := strings.Cut(lines[2], " ")
	e.contentType, rest, _ = strings.Cut(rest, " (error source ")
	e.source, rest, _ = strings.Cut(strings.TrimPrefix(rest, `"`), `")`)
	e.retryAfter = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "Retry-After:"))
	e.contentType = strings.TrimSuffix(e.contentType, "; charset=utf-8") + map[bool]string{true: "; charset=utf-8"}[strings.Contains(lines[2], "charset")]
	var err error
	if e.status, err = strconv.Atoi(status); err != nil {
		t.Fatalf("%s: status line %q", e.name, lines[2])
	}
	return e
}

// response rebuilds the answer's headers as the gateway writes them, so
// that the body and status are what the document is checked against.
func (e goldenExchange) response(reason string) *http.Response {
	h := http.Header{"Content-Type": {e.contentType}, "X-Request-Id": {"req-1"}}
	if e.source != "" {
		h.Set("GDX-Error-Source", e.source)
	}
	if e.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="gdx", error="invalid_token", error_description="`+reason+`"`)
	}
	if e.retryAfter != "" {
		h.Set("Retry-After", e.retryAfter)
	}
	return &http.Response{StatusCode: e.status, Header: h}
}
