// Package citizen is the citizen's "who looked at my record": a citizen
// signs in through Digital ID and sees, for their own citizen id only,
// every lookup of their records by an agency (time, agency, purpose, the
// fields returned, never the data), except lookups withheld for an
// investigation until the withholding ends (audit.SubjectLookups applies
// them), page by page or as a CSV download.
//
// gdx is an ordinary OpenID Connect client of the Digital ID provider
// (github.com/coreos/go-oidc/v3 and golang.org/x/oauth2): authorization
// code with PKCE S256, state and nonce checked, the ID token verified with
// the provider's published keys, its issuer and audience checked and its
// algorithm pinned to ES256, RS256 or PS256. The provider is discovered on
// first use, so the view starts even while the provider is away. The
// citizen id is read from the verified ID token only, never from a URL or
// a form; the session keeps only its keyed hash (audit.Hasher) and a
// masked form for the page, and no log line ever carries it.
//
// Sessions are server-side (SessionStore: memory by default; gdx serve
// keeps them in the database, citizen/sqlstore, so that every replica
// knows them) behind an HttpOnly, SameSite=Lax cookie, Secure when the
// view is served over TLS, with a fixed lifetime and a logout that needs
// the session's CSRF token.
// Every page carries a strict Content-Security-Policy without script,
// frame-ancestors 'none', nosniff and a no-referrer policy. Pages are
// html/template files under templates/ and their texts are message
// catalogues per language under messages/ (Thai and English), kept apart
// so that they can move onto a shared web foundation.
//
// NOTE: citizen imports audit (its query side), catalog and
// internal/httpapi, never the gateway root, opendata or connectors: it is
// mounted by cmd/gdx on the public listener.
package citizen
