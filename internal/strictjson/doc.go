// Package strictjson checks that a JSON text means one thing to every
// reader before encoding/json decodes it: encoding/json keeps the last of
// two members with one name, matches names ignoring case, and turns
// invalid UTF-8 and lone surrogates into U+FFFD, so a verifier and a later
// reader (the audit, a second parser) could see different values.
//
// It is the one checker behind the request JWT's header and claims
// (gateway/authn) and every HTTP body (internal/httpapi.DecodeJSON). It
// imports nothing of ours.
package strictjson
