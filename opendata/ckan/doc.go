// Package ckan serves the read side of CKAN's Action API v3 over the
// materialised open-data packages, at /api/3/action/{action} and
// /api/action/{action}, by GET and POST, answering as CKAN does: the
// help/success/result envelope, CKAN's error types and statuses, CKAN's
// parameter validation and messages, and package dicts with absolute
// resource URLs, so that CKAN clients and harvesters read gdx as if it
// were CKAN.
//
// Every replica keeps an in-memory snapshot of the packages and a search
// index derived from the database, and rebuilds both when the store's
// change marker moves (Run polls it), so replicas agree within a poll.
//
// NOTE: ckan imports opendata, opendata/search, catalog (error kinds),
// internal/httpapi and gin. It must not import a store implementation,
// gateway or cmd; the store arrives through Deps.
package ckan
