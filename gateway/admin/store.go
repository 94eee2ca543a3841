package admin

import (
	"context"
	"time"
)

// Store keeps steward accounts and their sessions. Methods return catalog
// errors: a missing row is not found, a taken username is conflict.
type Store interface {
	StewardStore
	SessionStore
}

// StewardStore keeps steward accounts.
type StewardStore interface {
	// CreateSteward stores a new account, assigning its ID when empty,
	// and returns it as stored. Errors: invalid, conflict (the username
	// is taken).
	CreateSteward(ctx context.Context, s Steward) (Steward, error)
	// FindSteward returns the account with the id. Errors: not found.
	FindSteward(ctx context.Context, id string) (Steward, error)
	// FindStewardByUsername returns the account with the username.
	// Errors: not found.
	FindStewardByUsername(ctx context.Context, username string) (Steward, error)
	// ListStewards returns the agency's accounts, or all for "", ordered
	// by agency and username.
	ListStewards(ctx context.Context, agency string) ([]Steward, error)
	// SetPassword replaces the account's password hash, clears its
	// failures and lockout, and ends its sessions, in one transaction.
	// Errors: invalid, not found.
	SetPassword(ctx context.Context, id, hash string) error
	// SetDisabled disables or enables the account; disabling ends its
	// sessions. Errors: not found.
	SetDisabled(ctx context.Context, id string, disabled bool) error
	// LoginFailed counts a failed login at the time and, when the count
	// reaches l.MaxFailures, locks the account for l.Duration and starts
	// counting afresh; atomically, so concurrent guesses all count. It
	// returns the account as updated. Errors: not found.
	LoginFailed(ctx context.Context, id string, at time.Time, l Lockout) (Steward, error)
	// LoginSucceeded clears the account's failure count. Errors: not
	// found.
	LoginSucceeded(ctx context.Context, id string) error
}

// SessionStore keeps sessions by the SHA-256 of their token; the token
// itself is never stored.
type SessionStore interface {
	// CreateSession stores a session. Errors: conflict (the hash exists).
	CreateSession(ctx context.Context, s Session) error
	// FindSession returns the session whose token hashes to hash (hex).
	// Errors: not found.
	FindSession(ctx context.Context, hash string) (Session, error)
	// DeleteSession ends a session; ending one that is gone is no error.
	DeleteSession(ctx context.Context, hash string) error
	// DeleteExpiredSessions removes sessions that expired before t and
	// returns how many.
	DeleteExpiredSessions(ctx context.Context, t time.Time) (int64, error)
}

// Lockout is the per-account throttle on password guessing: after
// MaxFailures consecutive failures the account refuses every password,
// the right one included, for Duration.
type Lockout struct {
	MaxFailures int
	Duration    time.Duration
}

// DefaultLockout locks an account for 15 minutes after 5 failures, which
// bounds online guessing to 480 passwords a day per account.
var DefaultLockout = Lockout{MaxFailures: 5, Duration: 15 * time.Minute}
