package gateway

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFrontDoor writes raw requests to a server built as every gdx
// listener is (newHTTPServer) and checks the status, the
// problem's reason, and whether the server closed the connection.
func TestFrontDoor(t *testing.T) {
	var mu sync.Mutex
	var refused []string
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = newHTTPServer(echo, nil, slog.New(slog.DiscardHandler), func(_ *http.Request, reason string) {
		mu.Lock()
		defer mu.Unlock()
		refused = append(refused, reason)
	})
	srv.Start()
	defer srv.Close()
	post := func(extra, body string) string {
		return "POST /v1/x HTTP/1.1\r\nHost: gdx\r\n" + extra + "\r\n" + body
	}
	tests := []struct {
		name, request string
		status        int
		reason        string
		closed        bool
	}{
		{"Content-Length alone", post("Content-Length: 2\r\n", "{}"), 200, "", false},
		{"Content-Length and chunked", post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: gdx\r\n\r\n"), 411, ReasonLengthRequired, true},
		{"chunked and Content-Length", post("Transfer-Encoding: chunked\r\nContent-Length: 40\r\n", "2\r\n{}\r\n0\r\n\r\n"), 411, ReasonLengthRequired, true},
		{"chunked alone", post("Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"), 411, ReasonLengthRequired, true},
		{"a request target of 8 KiB", "GET /?q=" + strings.Repeat("a", MaxRequestTarget-4) + " HTTP/1.1\r\nHost: gdx\r\n\r\n", 200, "", false},
		{"a request target of 9 kB", "GET /?q=" + strings.Repeat("a", 9000) + " HTTP/1.1\r\nHost: gdx\r\n\r\n", 414, ReasonURITooLong, true},
		{"a request target of 100 kB", "GET /" + strings.Repeat("a", 100_000) + " HTTP/1.1\r\nHost: gdx\r\n\r\n", 414, ReasonURITooLong, true},
		{"Thai in the path and query", "GET /v1/%E0%B8%81?q=%E0%B8%82 HTTP/1.1\r\nHost: gdx\r\n\r\n", 200, "", false},
		{"a NUL in the path", "GET /v1/datasets/dopa.person%00/records/1 HTTP/1.1\r\nHost: gdx\r\n\r\n", 400, ReasonURINotText, true},
		{"CR LF in the path", "GET /v1/a%0D%0Ab HTTP/1.1\r\nHost: gdx\r\n\r\n", 400, ReasonURINotText, true},
		{"a byte that is not UTF-8 in the path", "GET /v1/a%FF HTTP/1.1\r\nHost: gdx\r\n\r\n", 400, ReasonURINotText, true},
		{"a NUL in the query", "GET /v1/a?fields=x%00 HTTP/1.1\r\nHost: gdx\r\n\r\n", 400, ReasonURINotText, true},
		{"a malformed escape is the route's to judge", "GET /v1/a?fields=%zz HTTP/1.1\r\nHost: gdx\r\n\r\n", 200, "", false},
		// net/http answers before any handler past MaxHeaderBytes.
		{"a request target of 200 kB", "GET /" + strings.Repeat("a", 200_000) + " HTTP/1.1\r\nHost: gdx\r\n\r\n", 431, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			refused = nil
			mu.Unlock()
			res, closed := rawExchange(t, srv.Listener.Addr().String(), tt.request)
			if res.StatusCode != tt.status || closed != tt.closed {
				t.Fatalf("status %d, connection closed %v; want %d, closed %v", res.StatusCode, closed, tt.status, tt.closed)
			}
			if tt.reason == "" || tt.status == 431 {
				return
			}
			var p struct{ Reason, Type string }
			if err := json.NewDecoder(res.Body).Decode(&p); err != nil || p.Reason != tt.reason ||
				res.Header.Get("Content-Type") != "application/problem+json" || !strings.HasPrefix(p.Type, "urn:gdx:problem:gateway:") {
				t.Errorf("body %+v (%v), content type %q; want a problem with reason %s", p, err, res.Header.Get("Content-Type"), tt.reason)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(refused) != 1 || refused[0] != tt.reason {
				t.Errorf("the refusal hook saw %v", refused)
			}
		})
	}
}

// rawExchange writes request on a new connection, reads one response,
// and reports whether the server then closed the connection: a second,
// valid request gets no answer.
func rawExchange(t *testing.T, addr, request string) (*http.Response, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body = io.NopCloser(strings.NewReader(string(body)))
	return res, connClosed(conn, br)
}

// connClosed sends a valid request and reports whether it went
// unanswered because the server had closed the connection.
func connClosed(conn net.Conn, br *bufio.Reader) bool {
	_, err := io.WriteString(conn, "GET /next HTTP/1.1\r\nHost: gdx\r\n\r\n")
	if err == nil {
		_, err = http.ReadResponse(br, nil)
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || isReset(err)
}

func isReset(err error) bool {
	var op *net.OpError
	return errors.As(err, &op)
}
