package connectors

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// upstream is the HTTP JSON client of one backing agency's service.
type upstream struct {
	name    string
	what    string // how messages name it: "the civil registry"
	base    *url.URL
	cfg     Upstream
	client  *http.Client
	breaker *Breaker
}

// answer is an upstream's reply.
type answer struct {
	status int
	body   []byte
}

// decoder turns an answer into a record, or into a catalog error.
type decoder func(a answer) (Record, error)

// newUpstream builds the client of upstream name; cfg is valid.
func newUpstream(name string, cfg Upstream) *upstream {
	cfg = cfg.withDefaults()
	base, _ := url.Parse(cfg.BaseURL) // checked by Validate
	tr := &http.Transport{
		TLSClientConfig:     cfg.TLS.Clone(),
		DialContext:         (&net.Dialer{Timeout: cfg.AttemptTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: cfg.AttemptTimeout,
		MaxIdleConns:        cfg.MaxIdleConns,
		MaxIdleConnsPerHost: cfg.MaxIdleConns,
		IdleConnTimeout:     90 * time.Second,
	}
	return &upstream{
		name: name, what: describe(name), base: base, cfg: cfg, breaker: NewBreaker(cfg.Breaker),
		client: &http.Client{
			Transport: tr,
			// A redirect is not a record; never follow one elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// describe names an upstream in messages.
func describe(name string) string {
	switch name {
	case CivilRegistry:
		return "the civil registry"
	case JuristicRegistry:
		return "the juristic registry"
	}
	return "upstream " + name
}

// get fetches path under the base URL and decodes the answer, retrying on
// 502/503/504 and connection failures with jittered backoff, within
// cfg.Timeout and the caller's deadline.
//
// NOTE: retrying is safe only because GET is idempotent. A future call with
// side effects (POST) must not go through this loop.
func (u *upstream) get(ctx context.Context, path string, decode decoder) (Record, error) {
	ctx, cancel := context.WithTimeout(ctx, u.cfg.Timeout)
	defer cancel()
	target := u.base.JoinPath(path).String()
	var lastErr error
	for attempt := 1; ; attempt++ {
		rec, retry, err := u.attempt(ctx, target, decode)
		if err == errBreakerOpen {
			if lastErr != nil {
				return nil, lastErr
			}
			return nil, errOpen(u.what)
		}
		if !retry || attempt >= u.cfg.MaxAttempts {
			return rec, err
		}
		lastErr = err
		if !sleep(ctx, backoff(u.cfg.Backoff, u.cfg.MaxBackoff, attempt)) {
			return nil, lastErr
		}
	}
}

// errBreakerOpen is attempt's signal that the breaker refused the call.
var errBreakerOpen = errors.New("circuit open")

// attempt makes one guarded HTTP GET. retry says whether another attempt
// may help.
func (u *upstream) attempt(ctx context.Context, target string, decode decoder) (Record, bool, error) {
	t, ok := u.breaker.allow()
	if !ok {
		return nil, false, errBreakerOpen
	}
	a, retry, err := u.roundTrip(ctx, target)
	if err != nil {
		u.breaker.done(t, transportOutcome(ctx))
		return nil, retry, err
	}
	if a.status >= 500 {
		u.breaker.done(t, failure)
		return nil, retryStatus(a.status), errStatus(u.what, a.status, a.body)
	}
	rec, err := decode(a)
	// A 4xx or a not-found shows a working upstream; a 2xx that is not a
	// valid record shows a broken one.
	if err != nil && a.status/100 == 2 && catalog.IsKind(err, catalog.KindUpstream) {
		u.breaker.done(t, failure)
	} else {
		u.breaker.done(t, success)
	}
	return rec, false, err
}

// roundTrip sends the request within AttemptTimeout and reads the bounded
// body. A failure is retryable unless the overall context has ended.
func (u *upstream) roundTrip(ctx context.Context, target string) (answer, bool, error) {
	actx, cancel := context.WithTimeout(ctx, u.cfg.AttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, target, nil)
	if err != nil {
		return answer{}, false, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "gdx-connector/1")
	resp, err := u.client.Do(req)
	if err != nil {
		return answer{}, ctx.Err() == nil, errTransport(u.what, ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, u.cfg.MaxBodyBytes+1))
	if err != nil {
		return answer{}, ctx.Err() == nil, errTransport(u.what, ctx, err)
	}
	if int64(len(body)) > u.cfg.MaxBodyBytes {
		return answer{}, false, errBadBody(u.what, fmt.Errorf("body over %d bytes", u.cfg.MaxBodyBytes))
	}
	if resp.StatusCode/100 == 2 && !isJSON(resp.Header.Get("Content-Type")) {
		return answer{}, false, errBadBody(u.what, fmt.Errorf("content type %q", resp.Header.Get("Content-Type")))
	}
	return answer{status: resp.StatusCode, body: body}, false, nil
}

// isJSON reports whether a Content-Type is JSON.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || len(mt) > 5 && mt[len(mt)-5:] == "+json")
}

// transportOutcome judges a failed round trip: the caller giving up says
// nothing about the upstream; anything else is the upstream's failure.
func transportOutcome(ctx context.Context) outcome {
	if ctx.Err() == context.Canceled {
		return ignored
	}
	return failure
}

// sleep waits d or until ctx ends, whichever is first; it returns false
// without waiting when ctx would end before d has passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// close releases idle connections.
func (u *upstream) close() { u.client.CloseIdleConnections() }

// retryStatus reports whether a status means "try again": the gateway or
// the service is briefly unavailable. Other 5xx and every 4xx are final.
func retryStatus(status int) bool {
	switch status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff returns the wait before attempt+1: exponential from base, capped
// at maxWait, with "equal jitter" (half fixed, half random) so that
// synchronised clients spread out but never retry at once.
func backoff(base, maxWait time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	d = min(d, maxWait)
	half := d / 2
	return half + rand.N(half+1)
}
