package ckantest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
)

// dict is a CKAN dict, as the API takes and returns it.
type dict = map[string]any

// Call is one request the server received.
type Call struct {
	Action string
	// Authorized says whether the request carried a known token.
	Authorized bool
	// Write says whether the action changes state (a create, patch or
	// delete), whatever its outcome.
	Write bool
	// Params is the request's JSON object.
	Params dict
	// Status is the HTTP status the server answered.
	Status int
}

// Server is the imitation CKAN. Its zero value is not usable; call New.
type Server struct {
	// URL is the site's base URL (the API lives under URL/api/3/action).
	URL string

	srv    *httptest.Server
	mu     sync.Mutex
	tokens map[string]bool
	orgs   map[string]dict // by id
	pkgs   map[string]dict // by id
	calls  []Call
	faults []fault
	last   time.Time
	schema Schema
}

type fault struct {
	action string
	status int
	after  bool // the action runs, then its answer is lost
}

// New starts a server that accepts the given API tokens for writes and
// stops it when the test ends.
func New(tb testing.TB, tokens ...string) *Server {
	tb.Helper()
	s := &Server{tokens: map[string]bool{}, orgs: map[string]dict{}, pkgs: map[string]dict{}}
	for _, t := range tokens {
		s.tokens[t] = true
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	return s
}

// FailNext makes the next call of action ("" for any action) fail with
// status before it does anything: 500 with CKAN's Internal Server Error
// envelope, any other status with the HTML page a proxy in front of CKAN
// would send.
func (s *Server) FailNext(action string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{action: action, status: status})
}

// LoseNextAnswer makes the next call of action ("" for any action) run
// and change the state as usual, but answer status with a proxy's HTML
// page instead of CKAN's answer: the failure after which a retried
// create meets its own first attempt.
func (s *Server) LoseNextAnswer(action string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{action: action, status: status, after: true})
}

// Calls returns every call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Writes counts the write calls received so far (failed ones included).
func (s *Server) Writes() int {
	n := 0
	for _, c := range s.Calls() {
		if c.Write {
			n++
		}
	}
	return n
}

// ResetCalls forgets the calls received so far.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// Packages returns the active packages as package_show shows them,
// ordered by name.
func (s *Server) Packages() []dict {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []dict
	for _, p := range s.pkgs {
		if p["state"] != opendata.StateDeleted {
			out = append(out, s.showPackage(p))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["name"].(string) < out[j]["name"].(string) })
	return out
}

// Organizations returns every organisation as organization_show shows
// it, ordered by name.
func (s *Server) Organizations() []dict {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []dict
	for _, o := range s.orgs {
		out = append(out, s.showOrg(o))
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["name"].(string) < out[j]["name"].(string) })
	return out
}

// action is one API action: it runs under the server's lock.
type action struct {
	write bool
	run   func(s *Server, in dict, authed bool) (any, *apiError)
}

var actions = map[string]action{
	"status_show":         {false, (*Server).statusShow},
	"organization_show":   {false, (*Server).organizationShow},
	"organization_create": {true, (*Server).organizationCreate},
	"organization_patch":  {true, (*Server).organizationPatch},
	"package_show":        {false, (*Server).packageShow},
	"package_create":      {true, (*Server).packageCreate},
	"package_patch":       {true, (*Server).packagePatch},
	"package_delete":      {true, (*Server).packageDelete},
	"resource_create":     {true, (*Server).resourceCreate},
	"resource_patch":      {true, (*Server).resourcePatch},
	"resource_delete":     {true, (*Server).resourceDelete},

	"package_resource_reorder": {true, (*Server).packageResourceReorder},
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, "/api/3/action/")
	if !ok {
		name, ok = strings.CutPrefix(r.URL.Path, "/api/action/")
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	authed := s.tokens[r.Header.Get("Authorization")] && r.Header.Get("Authorization") != ""
	call := Call{Action: name, Authorized: authed, Write: actions[name].write}
	status, body := s.answer(r, name, authed, &call)
	call.Status = status
	s.calls = append(s.calls, call)
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	if b, isHTML := body.([]byte); isHTML {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write(b)
		return
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// answer runs one call and returns the status and the body to send.
func (s *Server) answer(r *http.Request, name string, authed bool, call *Call) (int, any) {
	act, known := actions[name]
	if !known {
		return http.StatusBadRequest, "Bad request: Action name not known: " + name
	}
	in, err := requestData(r)
	if err != nil {
		return http.StatusBadRequest, "Bad request: JSON Error: " + err.Error()
	}
	call.Params = in
	f, faulty := s.takeFault(name)
	if faulty && !f.after {
		return s.faultAnswer(name, f)
	}
	if act.write && !authed {
		e := forbidden("Action " + name + " requires an authenticated user")
		return e.status, s.envelope(name, false, e.body)
	}
	result, e := act.run(s, in, authed)
	switch {
	case faulty:
		return s.faultAnswer(name, f)
	case e != nil:
		return e.status, s.envelope(name, false, e.body)
	}
	return http.StatusOK, s.envelope(name, true, result)
}

// faultAnswer is an injected failure: CKAN's own envelope for a 500, a
// proxy's page for any other status.
func (s *Server) faultAnswer(name string, f fault) (int, any) {
	if f.status == http.StatusInternalServerError {
		return f.status, s.envelope(name, false, dict{"__type": "Internal Server Error", "message": "Internal Server Error"})
	}
	return f.status, []byte(fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>", f.status, http.StatusText(f.status)))
}

func (s *Server) takeFault(name string) (fault, bool) {
	for i, f := range s.faults {
		if f.action == "" || f.action == name {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			return f, true
		}
	}
	return fault{}, false
}

// requestData reads the call's parameters as CKAN's _get_request_data
// does: a JSON object in the body of a POST, or the query string.
func requestData(r *http.Request) (dict, error) {
	in := dict{}
	if r.Method != http.MethodPost {
		for k, v := range r.URL.Query() {
			in[k] = v[len(v)-1]
		}
		return in, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return in, nil
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, fmt.Errorf("Could not read request body: %v", err)
	}
	return in, nil
}

func (s *Server) envelope(name string, ok bool, v any) dict {
	env := dict{"help": s.URL + "/api/3/action/help_show?name=" + name, "success": ok}
	if ok {
		env["result"] = v
	} else {
		env["error"] = v
	}
	return env
}

// Version is the CKAN version the server claims in status_show.
const Version = "2.10.5"

// statusShow is CKAN's status_show; the extensions are those of a
// data.go.th-like site (ThaiGDC) or of a stock one (Core).
func (s *Server) statusShow(dict, bool) (any, *apiError) {
	ext := []string{"activity", "datastore", "envvars"}
	if s.schema == ThaiGDC {
		ext = append(ext, "scheming_datasets", "thai_gdc")
	}
	return dict{"site_title": "CKAN", "site_description": "", "site_url": s.URL, "ckan_version": Version,
		"error_emails_to": nil, "locale_default": "th", "extensions": ext}, nil
}

// now returns a CKAN timestamp later than every one before it.
func (s *Server) now() string {
	t := time.Now().UTC().Truncate(time.Microsecond)
	if !t.After(s.last) {
		t = s.last.Add(time.Microsecond)
	}
	s.last = t
	return opendata.At(t).String()
}
