// Package dcatfeed publishes the materialised open-data packages as a
// DCAT-AP 3 catalog over HTTP, for DCAT harvesters (the European data
// portal's, ckanext-dcat's, a national portal's): /catalog.ttl,
// /catalog.rdf and /catalog.jsonld in Hydra pages with modified_since,
// /catalog with content negotiation, and /dataset/{name}.{ttl,rdf,jsonld}
// for one package.
//
// The mapping (mapping.go, vocab.go) turns a CKAN package with its
// organisation, resources, tags and Thai GD-Catalog fields into
// opendata/dcat's types, following the field choices of ckanext-dcat's
// euro_dcat_ap_3 profile: the classification becomes dct:accessRights
// (PUBLIC, RESTRICTED, NON_PUBLIC), the update frequency an EU frequency,
// the data languages EU languages, the geographic coverage dct:spatial
// Thailand, the data category a data theme, the maintainer the contact
// point, a resource's mimetype its dcat:mediaType and its format a code of
// the EU file-type authority. A package that is not public is described
// (metadata only) and never offers a download URL.
//
// Like opendata/ckan, every replica keeps an in-memory snapshot of the
// mapped datasets, rebuilt when the store's change marker moves (Run polls
// it), and answers conditional requests from that marker.
//
// Wiring, in cmd/gdx, next to opendata/ckan:
//
//	feed, err := dcatfeed.New(dcatfeed.Config{SiteURL: web}, dcatfeed.Deps{Packages: store, Log: log})
//	feed.Register(webEngine)
//	go feed.Run(ctx)
//
// NOTE: dcatfeed imports opendata, opendata/dcat, catalog (error kinds),
// internal/httpapi and gin only. It must not import a store
// implementation, opendata/ckan, gateway or cmd.
package dcatfeed
