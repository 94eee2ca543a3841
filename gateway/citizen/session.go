package citizen

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Session is what the server keeps behind a cookie: a sign-in in progress
// (State set) or a signed-in citizen (KeyHash set).
type Session struct {
	Expires time.Time

	// A sign-in in progress: what the callback must find again.
	State, Nonce, Verifier string

	// A signed-in citizen. The citizen id itself is never kept.
	KeyHash string // audit.Hasher.HashKey of the citizen id
	Masked  string // the citizen id with its middle digits hidden
	Name    string // the name the provider gave, if any
	IAL     string
	AAL     string
	CSRF    string // the token every form of the session carries
}

// SignedIn reports whether s is a signed-in citizen's session.
func (s Session) SignedIn() bool { return s.KeyHash != "" }

// SessionStore keeps sessions server-side, each under the SHA-256 of its
// cookie value, so that the store's contents do not open any session.
type SessionStore interface {
	// PutSession stores s under key until s.Expires. Errors:
	// unavailable (the store is full or down).
	PutSession(ctx context.Context, key string, s Session) error
	// FindSession returns the session under key. Errors: not found
	// (also when it has expired).
	FindSession(ctx context.Context, key string, now time.Time) (Session, error)
	// DeleteSession removes the session under key, if any.
	DeleteSession(ctx context.Context, key string) error
}

// maxSessions bounds the memory store.
const maxSessions = 100_000

// MemorySessions is a SessionStore in this process's memory.
type MemorySessions struct {
	now      func() time.Time
	mu       sync.Mutex
	sessions map[string]Session
}

// NewMemorySessions returns an empty MemorySessions whose clock (for
// dropping expired sessions) is now; nil means time.Now.
func NewMemorySessions(now func() time.Time) *MemorySessions {
	if now == nil {
		now = time.Now
	}
	return &MemorySessions{now: now, sessions: map[string]Session{}}
}

// PutSession implements SessionStore; it first drops expired sessions.
func (m *MemorySessions) PutSession(_ context.Context, key string, s Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	for k, v := range m.sessions {
		if !now.Before(v.Expires) {
			delete(m.sessions, k)
		}
	}
	if len(m.sessions) >= maxSessions {
		return catalog.Errorf(catalog.KindUnavailable, "too many sessions; try again shortly")
	}
	m.sessions[key] = s
	return nil
}

// FindSession implements SessionStore.
func (m *MemorySessions) FindSession(_ context.Context, key string, now time.Time) (Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[key]
	if !ok || !now.Before(s.Expires) {
		delete(m.sessions, key)
		return Session{}, catalog.Errorf(catalog.KindNotFound, "no such session")
	}
	return s, nil
}

// DeleteSession implements SessionStore.
func (m *MemorySessions) DeleteSession(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, key)
	return nil
}

// The cookies: the session, and the sign-in in progress.
const (
	cookieSession = "gdx_citizen"
	cookieLogin   = "gdx_citizen_login"
)

// randomToken returns 32 random bytes in unpadded base64url.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24
	return base64.RawURLEncoding.EncodeToString(b)
}

// storeKey is the key a cookie value's session is stored under.
func storeKey(cookie string) string {
	sum := sha256.Sum256([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// setCookie sets an HttpOnly, SameSite=Lax cookie below the base path,
// Secure over TLS. Lax, not Strict: the provider's redirect back is a
// cross-site top-level navigation that must carry the sign-in cookie.
func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: s.cfg.BasePath, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.cfg.secure(), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: s.cfg.BasePath, MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.secure(), SameSite: http.SameSiteLaxMode})
}

// session returns the live session named by the request's cookie.
func (s *Server) session(r *http.Request, name string) (Session, string, bool) {
	c, err := r.Cookie(name)
	if err != nil || c.Value == "" || len(c.Value) > 64 {
		return Session{}, "", false
	}
	key := storeKey(c.Value)
	sess, err := s.sessions.FindSession(r.Context(), key, s.now())
	if err != nil {
		return Session{}, "", false
	}
	return sess, key, true
}

// mask hides all but the last three digits of a 13-digit citizen id, as
// Thai receipts print it: x-xxxx-xxxxx-12-3.
func mask(id string) string {
	if len(id) != 13 {
		return "x-xxxx-xxxxx-xx-x"
	}
	return "x-xxxx-xxxxx-" + id[10:12] + "-" + id[12:]
}
