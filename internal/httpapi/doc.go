// Package httpapi holds what every gdx HTTP listener shares: the one
// problem+json writer (RFC 9457), the handler adapter that routes errors to
// it, the middleware for request ids, access logs, recovery and body
// limits, and the one strict JSON body decoder (DecodeJSON). It imports
// catalog, internal/strictjson and gin only, so the gateway and its admin,
// open-data and console servers can all use it.
package httpapi
