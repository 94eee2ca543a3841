package sim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// Faults make a simulator misbehave. The zero value is a healthy registry.
type Faults struct {
	// Latency is added before every answer.
	Latency time.Duration
	// ErrorRate is the share (0–1) of requests answered with ErrorStatus.
	ErrorRate float64
	// ErrorStatus is the status of injected errors; default 503.
	ErrorStatus int
	// Garbage answers 200 with a body that is not a valid record: truncated
	// JSON, an HTML page, JSON of the wrong shape, binary noise or an
	// oversized body, in turn.
	Garbage bool
	// Hang accepts requests and never answers (until the client gives up or
	// the simulator closes).
	Hang bool
}

// Validate reports a fault setting out of range.
func (f Faults) Validate() error {
	switch {
	case f.Latency < 0:
		return fmt.Errorf("simulator faults: negative latency %s", f.Latency)
	case f.ErrorRate < 0 || f.ErrorRate > 1:
		return fmt.Errorf("simulator faults: error rate %g outside 0–1", f.ErrorRate)
	case f.ErrorStatus != 0 && (f.ErrorStatus < 400 || f.ErrorStatus > 599):
		return fmt.Errorf("simulator faults: error status %d is not 4xx or 5xx", f.ErrorStatus)
	}
	return nil
}

// SetFaults replaces the faults in force; it takes effect on the next
// request. An invalid setting is ignored and reported.
func (s *Server) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return err
	}
	if f.ErrorStatus == 0 {
		f.ErrorStatus = http.StatusServiceUnavailable
	}
	s.faults.Store(&f)
	return nil
}

// Faults returns the faults in force.
func (s *Server) Faults() Faults { return *s.faults.Load() }

// FailNext makes the next n data requests fail with status, whatever the
// other faults say: a deterministic error burst for retry and breaker tests.
func (s *Server) FailNext(n int, status int) {
	s.failCode.Store(int64(status))
	s.failNext.Store(int64(n))
}

// withFaults wraps a data handler with the faults in force.
func (s *Server) withFaults(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		f := s.Faults()
		if f.Latency > 0 && !s.wait(r, time.After(f.Latency)) {
			abort()
		}
		if f.Hang {
			s.wait(r, nil)
			abort()
		}
		if status, fail := s.injectedFailure(f); fail {
			s.writeError(w, status, "service temporarily unavailable (injected fault)")
			return
		}
		if f.Garbage {
			s.writeGarbage(w)
			return
		}
		h(w, r)
	}
}

// wait blocks until done fires (true) or the request or simulator ends (false).
func (s *Server) wait(r *http.Request, done <-chan time.Time) bool {
	select {
	case <-done:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}

// abort drops the connection without an answer: the client has gone or the
// simulator is closing, and an empty 200 must never reach anyone.
func abort() { panic(http.ErrAbortHandler) }

// injectedFailure decides whether this request fails, and with what status.
func (s *Server) injectedFailure(f Faults) (int, bool) {
	for {
		n := s.failNext.Load()
		if n <= 0 {
			break
		}
		if s.failNext.CompareAndSwap(n, n-1) {
			return int(s.failCode.Load()), true
		}
	}
	if f.ErrorRate > 0 && rand.Float64() < f.ErrorRate {
		return f.ErrorStatus, true
	}
	return 0, false
}

// garbageBodies are the bad answers Garbage cycles through.
var garbageBodies = []struct {
	contentType string
	body        []byte
}{
	{"application/json", []byte(`{"personalID":"1000000000017","firstName":"สมช`)},
	{"text/html", []byte("<html><body><h1>502 Bad Gateway</h1></body></html>")},
	{"application/json", []byte(`{"ResultList":[{"JuristicID":105000000012,"RegisterDate":true}],"personalID":[1],"dateOfBirth":"x"}`)},
	{"application/json", []byte("\x00\x9f\xff\xfe garbage \x01\x02")},
	{"application/json", append(append([]byte(`{"personalID":"`), bytes.Repeat([]byte("9"), 3<<20)...), `"}`...)},
}

// writeGarbage answers 200 with the next garbage body.
func (s *Server) writeGarbage(w http.ResponseWriter) {
	g := garbageBodies[(s.garbage.Add(1)-1)%uint64(len(garbageBodies))]
	w.Header().Set("Content-Type", g.contentType)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(g.body)
}

// faultsJSON is the wire form of Faults at /_sim/faults.
type faultsJSON struct {
	LatencyMS   int64   `json:"latency_ms"`
	ErrorRate   float64 `json:"error_rate"`
	ErrorStatus int     `json:"error_status"`
	Garbage     bool    `json:"garbage"`
	Hang        bool    `json:"hang"`
	// FailNext, on PUT, fails the next n requests with ErrorStatus.
	FailNext int `json:"fail_next,omitempty"`
}

// handleGetFaults answers GET /_sim/faults with the faults in force.
func (s *Server) handleGetFaults(w http.ResponseWriter, _ *http.Request) {
	f := s.Faults()
	writeJSON(w, http.StatusOK, faultsJSON{
		LatencyMS: f.Latency.Milliseconds(), ErrorRate: f.ErrorRate, ErrorStatus: f.ErrorStatus,
		Garbage: f.Garbage, Hang: f.Hang, FailNext: int(s.failNext.Load()),
	})
}

// handlePutFaults replaces the faults from a faultsJSON body; it answers
// 204, or 400 for a bad body or setting.
func (s *Server) handlePutFaults(w http.ResponseWriter, r *http.Request) {
	var in faultsJSON
	dec := json.NewDecoder(io.LimitReader(r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		s.writeError(w, http.StatusBadRequest, "bad faults body: "+err.Error())
		return
	}
	f := Faults{
		Latency: time.Duration(in.LatencyMS) * time.Millisecond, ErrorRate: in.ErrorRate,
		ErrorStatus: in.ErrorStatus, Garbage: in.Garbage, Hang: in.Hang,
	}
	if err := s.SetFaults(f); err != nil {
		s.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if in.FailNext > 0 {
		s.FailNext(in.FailNext, s.Faults().ErrorStatus)
	}
	w.WriteHeader(http.StatusNoContent)
}
