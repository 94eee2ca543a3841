package digitalid

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// maxPending bounds each kind of state kept in memory, so that a flood of
// login pages cannot exhaust it.
const maxPending = 10000

// maxLoginAttempts bounds the wrong passwords one login page accepts.
const maxLoginAttempts = 5

// authRequest is a validated authorization request waiting for the
// citizen to sign in on the login page.
type authRequest struct {
	client      *Client
	redirectURI string
	scope       []string
	state       string
	nonce       string
	challenge   string
	expires     time.Time
	attempts    int
}

// grant is what an authorization code stands for.
type grant struct {
	clientID    string
	redirectURI string
	scope       []string
	nonce       string
	challenge   string
	citizen     Citizen
	authTime    time.Time
	expires     time.Time
	used        bool
	reused      bool
	token       string // the access token it gave, revoked if the code is reused
}

// accessToken is an issued access token.
type accessToken struct {
	clientID string
	sub      string
	citizen  Citizen
	scope    []string
	expires  time.Time
}

// state holds the provider's short-lived records, each under a random
// handle.
type state struct {
	mu       sync.Mutex
	requests map[string]*authRequest
	codes    map[string]*grant
	tokens   map[string]*accessToken
}

func newState() *state {
	return &state{requests: map[string]*authRequest{}, codes: map[string]*grant{}, tokens: map[string]*accessToken{}}
}

// randomHandle returns 32 random bytes in unpadded base64url.
func randomHandle() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b)
}

// put stores v under a new handle after dropping expired entries; it
// reports false when the map is full.
func put[T any](m map[string]*T, v *T, now time.Time, expires func(*T) time.Time) (string, bool) {
	for k, e := range m {
		if !now.Before(expires(e)) {
			delete(m, k)
		}
	}
	if len(m) >= maxPending {
		return "", false
	}
	h := randomHandle()
	m[h] = v
	return h, true
}

func (s *state) putRequest(r *authRequest, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return put(s.requests, r, now, func(r *authRequest) time.Time { return r.expires })
}

// request returns the pending login under h if it has not expired.
func (s *state) request(h string, now time.Time) (*authRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[h]
	if !ok || !now.Before(r.expires) {
		delete(s.requests, h)
		return nil, false
	}
	return r, true
}

// failAttempt counts a wrong password on the login under h and reports
// whether the login may still be tried; past maxLoginAttempts it is gone.
func (s *state) failAttempt(h string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[h]
	if !ok {
		return false
	}
	r.attempts++
	if r.attempts >= maxLoginAttempts {
		delete(s.requests, h)
		return false
	}
	return true
}

func (s *state) dropRequest(h string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, h)
}

func (s *state) putCode(g *grant, now time.Time) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// NOTE: a used code is kept until it expires, so that its reuse is
	// recognised and revokes its token.
	return put(s.codes, g, now, func(g *grant) time.Time { return g.expires })
}

// redeem marks the code h used and returns a copy of its grant as it was.
// The first redemption binds tok, the access token it may give; a later
// one revokes that token (RFC 6749 §4.1.2).
func (s *state) redeem(h, tok string, now time.Time) (grant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.codes[h]
	if !ok || !now.Before(g.expires) {
		delete(s.codes, h)
		return grant{}, false
	}
	was := *g
	if g.used {
		g.reused = true
		delete(s.tokens, g.token)
	} else {
		g.used, g.token = true, tok
	}
	return was, true
}

// putToken stores the access token tok that code gave, unless the code
// has been reused meanwhile.
func (s *state) putToken(code, tok string, t *accessToken, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, ok := s.codes[code]; !ok || g.reused || g.token != tok {
		return false
	}
	for k, e := range s.tokens {
		if !now.Before(e.expires) {
			delete(s.tokens, k)
		}
	}
	if len(s.tokens) >= maxPending {
		return false
	}
	s.tokens[tok] = t
	return true
}

func (s *state) token(h string, now time.Time) (accessToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[h]
	if !ok || !now.Before(t.expires) {
		return accessToken{}, false
	}
	return *t, true
}
