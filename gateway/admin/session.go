package admin

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Session is a logged-in steward's session as stored: only the SHA-256 of
// its token, so that a copy of the database lets no one act as a steward.
type Session struct {
	// Hash is the lowercase hex SHA-256 of the token.
	Hash      string
	StewardID string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Token is what a successful login returns. The token is opaque: 256
// random bits, shown once, never stored.
type Token struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	Steward   Steward   `json:"steward"`
}

// tokenPrefix marks gdx session tokens, so that secret scanners can find
// one pasted where it should not be.
const tokenPrefix = "gdxs_"

// tokenLen is the length of a token: the prefix and 32 bytes in unpadded
// base64url.
var tokenLen = len(tokenPrefix) + base64.RawURLEncoding.EncodedLen(32)

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// TokenHash returns the stored form of a token: hex SHA-256.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func badCredentials() error {
	return catalog.Errorf(catalog.KindUnauthenticated, "unknown username or wrong password").WithReason(ReasonBadCredentials)
}

// Login checks a username and password and opens a session. Every
// failure (unknown user, wrong password, disabled or locked account) gives
// the same error after the same work, so that no answer tells which.
// Errors: unauthenticated (bad_credentials), unavailable.
func (s *Service) Login(ctx context.Context, username, password, requestID string) (Token, error) {
	release, err := s.hashSlot(ctx)
	if err != nil {
		return Token{}, err
	}
	defer release()
	st, err := s.stewards.FindStewardByUsername(ctx, username)
	if catalog.IsKind(err, catalog.KindNotFound) {
		_, _ = VerifyPassword(s.decoyHash(), password)
		s.refused(ctx, Steward{Username: username}, requestID, "unknown username")
		return Token{}, badCredentials()
	} else if err != nil {
		return Token{}, err
	}
	if err := s.checkPassword(ctx, st, password, requestID); err != nil {
		return Token{}, err
	}
	return s.openSession(ctx, st, requestID)
}

// checkPassword verifies the password of an account that exists and counts
// a failure towards its lockout.
func (s *Service) checkPassword(ctx context.Context, st Steward, password, requestID string) error {
	now := s.now()
	if st.Disabled || st.LockedAt(now) {
		_, _ = VerifyPassword(s.decoyHash(), password)
		why := "account locked"
		if st.Disabled {
			why = "account disabled"
		}
		s.refused(ctx, st, requestID, why)
		return badCredentials()
	}
	ok, err := VerifyPassword(st.PasswordHash, password)
	if err != nil {
		s.log.Error("admin: stored password hash unreadable", "steward", st.Username, "err", err)
	}
	if ok {
		return s.stewards.LoginSucceeded(ctx, st.ID)
	}
	after, err := s.stewards.LoginFailed(ctx, st.ID, now, s.cfg.Lockout)
	if err != nil {
		return err
	}
	why := "wrong password"
	if after.LockedAt(now) {
		why = "wrong password; account locked until " + after.LockedUntil.Format(time.RFC3339)
	}
	s.refused(ctx, st, requestID, why)
	return badCredentials()
}

func (s *Service) refused(ctx context.Context, st Steward, requestID, why string) {
	_ = s.record(ctx, AdminEvent{RequestID: requestID, Steward: truncate(st.Username, 64), Agency: st.Agency,
		Action: ActionLoginRefused, Target: "session", Detail: detailJSON(map[string]string{"why": why}), Outcome: OutcomeFailed})
}

// openSession stores a new session and audits the login; a login that
// cannot be audited is undone and refused.
func (s *Service) openSession(ctx context.Context, st Steward, requestID string) (Token, error) {
	now := s.now()
	if _, err := s.stewards.DeleteExpiredSessions(ctx, now); err != nil {
		s.log.Warn("admin: pruning expired sessions failed", "err", err)
	}
	tok := Token{Token: newToken(), ExpiresAt: now.Add(s.cfg.SessionTTL), Steward: st}
	sess := Session{Hash: TokenHash(tok.Token), StewardID: st.ID, CreatedAt: now, ExpiresAt: tok.ExpiresAt}
	if err := s.stewards.CreateSession(ctx, sess); err != nil {
		return Token{}, err
	}
	err := s.record(ctx, AdminEvent{RequestID: requestID, Steward: st.Username, Agency: st.Agency,
		Action: ActionLogin, Target: "session", Outcome: OutcomeDone,
		Detail: detailJSON(map[string]any{"expires_at": tok.ExpiresAt})})
	if err != nil {
		_ = s.stewards.DeleteSession(context.WithoutCancel(ctx), sess.Hash)
		return Token{}, catalog.Errorf(catalog.KindUnavailable, "the audit trail cannot be written, so no session was opened; try again later").
			WithReason(ReasonAuditUnavailable).Wrap(err)
	}
	return tok, nil
}

// Authenticate returns the steward whose session the token opens.
// Errors: unauthenticated (no_session, session_expired).
func (s *Service) Authenticate(ctx context.Context, token string) (Steward, Session, error) {
	noSession := catalog.Errorf(catalog.KindUnauthenticated, "log in first: POST /admin/v1/sessions, then send Authorization: Bearer <token>").WithReason(ReasonNoSession)
	if len(token) != tokenLen || !strings.HasPrefix(token, tokenPrefix) {
		return Steward{}, Session{}, noSession
	}
	hash := TokenHash(token)
	sess, err := s.stewards.FindSession(ctx, hash)
	if catalog.IsKind(err, catalog.KindNotFound) || (err == nil && subtle.ConstantTimeCompare([]byte(sess.Hash), []byte(hash)) != 1) {
		return Steward{}, Session{}, noSession
	} else if err != nil {
		return Steward{}, Session{}, err
	}
	if !s.now().Before(sess.ExpiresAt) {
		_ = s.stewards.DeleteSession(ctx, hash)
		return Steward{}, Session{}, catalog.Errorf(catalog.KindUnauthenticated, "the session has expired; log in again").WithReason(ReasonSessionExpired)
	}
	st, err := s.stewards.FindSteward(ctx, sess.StewardID)
	if catalog.IsKind(err, catalog.KindNotFound) || (err == nil && (st.Disabled || st.LockedAt(s.now()))) {
		return Steward{}, Session{}, noSession
	} else if err != nil {
		return Steward{}, Session{}, err
	}
	// A suspended agency's stewards lose their sessions too.
	if a, err := s.catalog.FindAgency(ctx, st.Agency); err != nil || !a.Active() {
		return Steward{}, Session{}, noSession
	}
	return st, sess, nil
}

// Logout ends the caller's session.
func (s *Service) Logout(ctx context.Context, by Caller, sess Session) error {
	if err := s.stewards.DeleteSession(ctx, sess.Hash); err != nil {
		return err
	}
	_ = s.record(ctx, AdminEvent{RequestID: by.RequestID, Steward: by.Steward.Username, Agency: by.Steward.Agency,
		Action: ActionLogout, Target: "session", Outcome: OutcomeDone})
	return nil
}

// hashSlot waits for a free password-check slot.
func (s *Service) hashSlot(ctx context.Context) (func(), error) {
	select {
	case s.hashing <- struct{}{}:
		return func() { <-s.hashing }, nil
	case <-ctx.Done():
		return nil, catalog.Errorf(catalog.KindUnavailable, "too many logins at once; try again").WithReason(ReasonLoginBusy).Wrap(ctx.Err())
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
