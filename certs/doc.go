// Package certs is the exchange's public-key infrastructure.
//
// It creates and loads the exchange CA, issues the server certificate, the
// agencies' mTLS client certificates and the gateway's upstream client
// certificates, reads an agency's identity back out of a certificate, checks
// client key strength, makes and stores agencies' JWK signing keys, checks
// revocation (failing closed when the revocation list is stale) and builds the
// hardened tls.Config values that the gateway and its clients use.
//
// Storage of issued certificates sits behind the Store interface; its
// database implementations live in subpackages and must pass
// certs/certstest.Run.
//
// NOTE: certs is a leaf. It must not import any other package of this module.
package certs
