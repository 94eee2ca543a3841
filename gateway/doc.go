// Package gateway holds gdx's HTTP servers: the agency API behind mutual
// TLS and the public web listener, their middleware (request ids, limits,
// logs, recovery), the one problem+json writer, and the lookup pipeline.
//
// NOTE: nothing imports gateway except cmd/gdx.
package gateway
