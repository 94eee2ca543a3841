// Package integration holds gdx's end-to-end tests: they build the gdx
// binary, run it as a user would, and talk to it over real TLS and HTTP.
// Its subpackage pgtest gives any test a real PostgreSQL.
package integration
