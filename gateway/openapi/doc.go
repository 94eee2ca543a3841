// Package openapi serves the OpenAPI 3.1 document of the agency API (the
// mutual-TLS listener's /v1 endpoints and its health probes) at
// /openapi.json on the public web listener, where the portal's API page
// links to it.
//
// Its one job is that document: written by hand in openapi.json, embedded,
// and checked against the live API by the tests here and in integration.
// It must not import gateway (nothing does but cmd/gdx) nor any store;
// only gin, to be a gateway.RouteSet.
package openapi
