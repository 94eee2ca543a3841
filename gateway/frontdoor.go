package gateway

import (
	"crypto/x509"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// MaxRequestTarget bounds the request target (path and query string) on
// every gdx listener. RFC 9112 §3 asks servers to take at least 8000
// octets; the longest gdx URL, a lookup whose fields parameter is at its
// MaxFieldsParam limit, fits, and a longer one is answered 414.
// net/http itself answers a bare 431 only past the server's
// MaxHeaderBytes (request line and headers together, 128 KiB).
const MaxRequestTarget = 8 << 10

// frontDoor is the one listener option: newHTTPServer wraps every gdx
// listener's handler in it. Before any routing it refuses, with
// problem+json and by closing the connection, what the router could not
// see faithfully.
//
//   - A request framed by Transfer-Encoding is answered 411. With both
//     Transfer-Encoding and Content-Length, two servers on the path may
//     split the bytes into different requests (request smuggling, RFC 9112
//     §6.1 and §11.2); net/http drops the Content-Length before any
//     handler runs, so no handler can tell that case from plain chunked.
//     Every gdx body is small JSON of known length, so Content-Length is
//     required (RFC 9110 §15.5.12).
//   - A request target longer than MaxRequestTarget is answered 414.
//   - A request target whose path or query decodes to bytes that are not
//     UTF-8 text (targetIsText) is answered 400.
//
// refused, if set, is told of each refusal; the agency API audits them.
func frontDoor(next http.Handler, log *slog.Logger, refused func(r *http.Request, reason string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, err := checkFraming(r)
		if err == nil {
			next.ServeHTTP(w, r)
			return
		}
		log.Info("request refused at the front door", "reason", err.Reason, "method", r.Method, "remote", r.RemoteAddr)
		if refused != nil {
			refused(r, err.Reason)
		}
		writeFrontDoorProblem(w, status, err)
	})
}

func checkFraming(r *http.Request) (int, *catalog.Error) {
	switch {
	case len(r.TransferEncoding) > 0:
		return http.StatusLengthRequired, catalog.Errorf(catalog.KindInvalid,
			"send the body with Content-Length; Transfer-Encoding is refused (RFC 9112 §6.1)").WithReason(ReasonLengthRequired)
	case len(r.RequestURI) > MaxRequestTarget:
		return http.StatusRequestURITooLong, catalog.Errorf(catalog.KindTooLarge,
			"the request target is longer than %d bytes", MaxRequestTarget).WithReason(ReasonURITooLong)
	case !targetIsText(r.URL):
		return http.StatusBadRequest, catalog.Errorf(catalog.KindInvalid,
			"the path and query must decode to UTF-8 text without control characters").WithReason(ReasonURINotText)
	}
	return 0, nil
}

// targetIsText reports whether the decoded path and query are UTF-8
// without control characters. Path segments become dataset ids and
// record keys that the audit stores: PostgreSQL refuses a NUL or invalid
// UTF-8 in text, and a CR or LF forges lines wherever they are printed.
// An escape that does not decode is left to the route to judge.
func targetIsText(u *url.URL) bool {
	query, err := url.QueryUnescape(u.RawQuery)
	return isText(u.Path) && (err != nil || isText(query))
}

func isText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// writeFrontDoorProblem writes the problem body of err with status, which
// is not its kind's: these refusals are about the message, not the
// exchange's domain, and are written before gin (and so WriteProblem)
// runs. Connection: close makes net/http close the connection after it.
func writeFrontDoorProblem(w http.ResponseWriter, status int, err *catalog.Error) {
	p := httpapi.ProblemOf(err)
	p.Status, p.Title = status, http.StatusText(status)
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set(httpapi.HeaderErrorSource, "gateway")
	h.Set("Connection", "close")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(p)
}

// auditFrontDoor records a request the front door refused on the agency
// API, with the certificate the handshake verified, as a refused
// handshake is recorded: the refusal happens before authentication, and
// a smuggling attempt is evidence worth keeping.
func (s *apiServer) auditFrontDoor(r *http.Request, reason string) {
	var cert *x509.Certificate
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		cert = r.TLS.PeerCertificates[0]
	}
	s.auditHandshake(cert, r.RemoteAddr, reason)
}
