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
// Wiring, in cmd/gdx:
//
//	store := sqlstore.New(db) // after sqlstore.Migrate(ctx, db)
//	go opendata.RunSync(ctx, store, time.Minute, logSyncError,
//		opendata.CatalogProvider(catalogStore, opendata.CatalogConfig{WebURL: web, APIURL: api}))
//	h, err := ckan.New(ckan.Config{SiteURL: web}, ckan.Deps{Packages: store, Log: log})
//	h.Register(webEngine)
//	go h.Run(ctx)
//
// Errors are written by internal/httpapi's CKAN renderer (WriteCKANError),
// never as problem+json: CKAN clients read __type and message.
//
// NOTE: ckan imports opendata, opendata/search, opendata/ckan/ckanreq,
// catalog (error kinds), internal/httpapi and gin. It must not import a store implementation,
// gateway or cmd; the store arrives through Deps.
package ckan
