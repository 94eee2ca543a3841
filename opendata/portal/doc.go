// Package portal is the public open-data portal on the exchange's public
// web listener: a home page with search; the dataset list with facets
// (publisher agency, classification, format, tag, GD-Catalog category)
// and paging; each dataset with its metadata, resources, downloads and a
// preview of its first rows; a page per organisation; the metadata
// catalog of the datasets that are not open, with how to ask for access;
// the exchange's statistics as SVG charts and tables; the licence check
// with a printable QR code per licence; and a page explaining the agency
// and CKAN APIs. Every page is in Thai and English.
//
// Pages are server-rendered through internal/web, one file per page
// action in the manner of miniflux: a handler reads the request, asks
// one dependency and renders a view. Searches run on the same engine as
// CKAN's package_search (opendata/search) over an index the portal builds
// from the stored packages and rebuilds when the store's change marker
// moves, so the portal and the CKAN API agree.
//
// The portal reads through small interfaces it declares (Deps): the
// packages (opendata.PackageReader), a preview of a resource's first rows,
// the statistics (stats.Reader) and the licence databases; cmd/gdx backs
// them with the DataStore, opendata/stats and opendata/licence.
//
// Wiring, in cmd/gdx, on the public listener beside the CKAN API:
//
//	p, err := portal.New(portal.Config{SiteURL: web, APIURL: api, CSRFKey: key,
//		Refresh: 10 * time.Second},
//		portal.Deps{Packages: store, Previews: ds, Stats: statsStore, Licences: lic, Log: log})
//	p.Register(webEngine)
//	webEngine.NoRoute(p.NotFoundHandlers()...)
//
// NOTE: portal imports opendata, opendata/search, opendata/stats (types),
// catalog (error kinds), internal/web, gin and rsc.io/qr; never gateway,
// cmd or a store implementation.
package portal
