package admin

import "github.com/gdx-exchange/gdx/audit"

// Reason codes of the admin API's answers: the wire contract a console or
// script matches on, so a code never changes meaning. Refusals of the
// policy workflow carry the policies package's codes.
const (
	// Sessions.
	ReasonNoSession      = "no_session"      // no or a malformed Authorization: Bearer header, or an unknown token
	ReasonSessionExpired = "session_expired" // the session's time is up; log in again
	ReasonBadCredentials = "bad_credentials" // unknown username or wrong password, never said which
	ReasonLoginBusy      = "login_busy"      // too many password checks at once

	// Requests.
	ReasonBadBody      = "bad_body"       // the body is not the JSON the endpoint takes
	ReasonBodyTooLarge = "body_too_large" // the body exceeds the admin API's limit
	ReasonBadQuery     = "bad_query"      // a query parameter is out of range or malformed

	// Permissions.
	ReasonRole  = "role"  // the steward's roles do not allow the action
	ReasonScope = "scope" // the action concerns another agency than the steward's

	// Agency signing keys.
	ReasonBadJWK        = "bad_jwk"         // not a usable public JWK (RFC 7517)
	ReasonPrivateKey    = "private_key"     // a private key was sent where only the public half belongs
	ReasonKeyExists     = "key_exists"      // the key id is taken
	ReasonNoKey         = "no_key"          // no such key
	ReasonKeyRevoked    = "key_revoked"     // the key is revoked already
	ReasonKeyNotCurrent = "key_not_current" // only a current key can be rotated out

	// Catalog and grants.
	ReasonConnectorUnknown = "connector_unknown" // the dataset names no known connector
	ReasonGrantStatus      = "grant_status"      // the grant's status does not allow the step
	ReasonWidensGrant      = "widens_grant"      // an approval would give more than was requested

	// The audit trail. ReasonAuditUnavailable: the attempt could not be
	// recorded, so nothing was changed (the gateway's lookups say the
	// same). ReasonAuditIncomplete: the change was made but its outcome
	// could not be recorded.
	ReasonAuditUnavailable = audit.ReasonUnavailable
	ReasonAuditIncomplete  = "audit_incomplete"
)
