// Package openapitest checks HTTP exchanges against the agency API's
// OpenAPI document with kin-openapi's openapi3filter, for the tests of
// gateway/openapi and of integration. It is for tests only: nothing but
// a _test.go file imports it, and it imports nothing of gdx but
// gateway/openapi.
package openapitest
