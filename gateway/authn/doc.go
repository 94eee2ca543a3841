// Package authn verifies the signed request JWT that accompanies every
// agency API call (DESIGN.md "Agency authentication"): a compact JWS signed
// by the agency's registered key, bound to the client certificate
// (RFC 8705), short-lived and single-use.
//
// It is protocol logic, not HTTP: the gateway extracts the token and the
// verified certificate and calls Verifier.Verify. It imports catalog
// (types), certs (the key ring), internal/strictjson (the JSON checks of
// header and claims), internal/jsontext (the reader that decodes the
// checked claims) and go-jose (signing, and verifying any token whose
// header is not plain; signature.go verifies the plain ones with the
// standard library), never gin or the gateway.
package authn
