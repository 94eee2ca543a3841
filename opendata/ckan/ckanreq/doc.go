// Package ckanreq reads a CKAN Action API request's data dict as CKAN's
// api view (_get_request_data) does: a POST form, a form whose one key is
// a JSON document, the query string or a JSON object body. The Action API
// (opendata/ckan) and the DataStore API (opendata/datastore) both read
// their parameters through it, so the two answer a malformed request with
// the same words.
//
// NOTE: ckanreq imports the standard library only; validating the values
// is the caller's job.
package ckanreq
