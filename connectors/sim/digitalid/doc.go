// Package digitalid is a simulator of a Thai Digital ID provider for `gdx
// demo` and the tests: a real OpenID Connect provider (OpenID Connect Core
// 1.0, RFC 6749, RFC 7636) with a login page, standing in for the
// government's Digital ID the way connectors/sim stands in for DOPA's and
// DBD's registries. gdx's citizen view is an ordinary OIDC client of it.
//
// It serves, below the issuer URL's path:
//
//	GET  /.well-known/openid-configuration   discovery (OIDC Discovery 1.0 §3)
//	GET  /jwks                               the public signing key (ES256)
//	GET  /authorize                          authorization endpoint: the login page
//	POST /authorize                          the login page's answer
//	POST /token                              token endpoint (authorization code only)
//	GET, POST /userinfo                      the signed-in citizen's claims
//	GET  /static/login.css                   the login page's style sheet
//
// New returns the Provider, an http.Handler to mount where its issuer URL
// points; Start listens on a loopback address of its own and, with no
// issuer given, takes the issuer from the listener.
//
// It is as strict as a real provider: clients are registered with their
// secret, their token endpoint authentication method (client_secret_basic
// or client_secret_post) and their exact redirect URIs; PKCE with S256 is
// required; a code lives CodeTTL (a minute), is single use, and reusing it
// revokes the access token it gave (RFC 6749 §4.1.2). An unknown client or
// redirect URI is shown as an error page and never redirected to (§4.1.2.1);
// every other error goes back to the client with RFC 6749's and OIDC's
// error codes. A login page takes five wrong passwords, and a citizen id
// five within 15 minutes, before it is locked for 15 minutes with a
// message saying so. ID tokens are signed ES256 and carry sub (a pairwise
// pseudonym per client), the citizen id in ClaimCitizenID, ial and aal
// (the Thai Digital ID standard's assurance levels), nonce, auth_time, amr
// and at_hash.
//
// What it simulates: the login page lets anyone pick a demo citizen, or
// type any valid citizen id with the one demo password, and no identity is
// proven. A real Digital ID provider proves who the citizen is (the ID card,
// face verification, a PIN), and to gdx it differs only in its issuer URL
// and the client credentials it registers for gdx: discovery, keys, the
// flow and the claims are the same, so the client code does not change.
// Its state (pending logins, codes, tokens) lives in memory; a restart
// forgets it.
//
// NOTE: digitalid imports catalog (assurance levels, the citizen id check),
// catalog/demo and connectors/synth (the demo citizens), never gateway or
// connectors: gdx is tested against it as against a stranger.
package digitalid
