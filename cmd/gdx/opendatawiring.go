package main

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/gateway/citizen"
	"github.com/gdx-exchange/gdx/gateway/openapi"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/ckan"
	"github.com/gdx-exchange/gdx/opendata/datastore"
	"github.com/gdx-exchange/gdx/opendata/dcatfeed"
	"github.com/gdx-exchange/gdx/opendata/download"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/verify"
	"github.com/gdx-exchange/gdx/opendata/portal"
	"github.com/gdx-exchange/gdx/opendata/stats"
)

// openDataConfig is what the open-data side of the web listener needs.
type openDataConfig struct {
	webURL string // the public base URL of the web listener
	apiURL string // the agency API's base URL, named in the metadata catalog
	// syncEvery and refreshEvery pace the package sync and the statistics
	// refresh; both also run once at start.
	syncEvery, refreshEvery time.Duration
	// webSecretFile holds the key that signs the pages' form tokens;
	// replicas must share it.
	webSecretFile string
	citizen       citizenConfig
}

// openData is the open-data side of a running exchange: the routes it
// adds to the web listener and the background work that keeps it current.
type openData struct {
	routes []gateway.RouteSet
	run    []func(ctx context.Context)
}

// newOpenData builds the CKAN and DCAT APIs, the downloads and the licence
// check over the stores, and the loops that sync packages and refresh the
// statistics. Replicas each run them; the stores keep them consistent.
func newOpenData(ctx context.Context, cfg openDataConfig, st *stores, hasher citizen.KeyHasher, log *slog.Logger) (*openData, error) {
	ds, err := datastore.New(datastore.Config{SiteURL: cfg.webURL}, datastore.Deps{DB: st.db, Tables: dataTables(st), Log: log})
	if err != nil {
		return nil, err
	}
	web, err := webRoutes(ctx, cfg, st, ds, hasher, log)
	if err != nil {
		return nil, err
	}
	log = log.With("component", "opendata")
	ck, err := ckan.New(ckan.Config{SiteURL: cfg.webURL}, ckan.Deps{Packages: st.opendata, Log: log})
	if err != nil {
		return nil, err
	}
	feed, err := dcatfeed.New(dcatfeed.Config{SiteURL: cfg.webURL}, dcatfeed.Deps{Packages: st.opendata, Log: log})
	if err != nil {
		return nil, err
	}
	od := &openData{routes: append([]gateway.RouteSet{
		ds, ck, feed,
		&download.Handler{Tables: openTables{st}, Log: log},
		verify.New(st.licences, log, verify.WithAgencies(st.catalog)),
	}, web...)}
	refresher := statsRefresher(st, log)
	refresher.Share = stats.ServingShare // a backlog is counted beside the lookups, never crowding them
	providers := packageProviders(cfg, st)
	od.run = []func(context.Context){
		logEnd(log, "CKAN API snapshot", ck.Run), logEnd(log, "DCAT feed snapshot", feed.Run),
		func(ctx context.Context) { refresher.Run(ctx, cfg.refreshEvery) },
		func(ctx context.Context) {
			opendata.RunSync(ctx, st.opendata, cfg.syncEvery, func(err error) {
				log.Warn("open-data sync failed; will retry", "err", err)
			}, providers...)
		},
	}
	return od, nil
}

// webRoutes are the public pages: the portal, and the citizen view when a
// Digital ID provider is configured.
func webRoutes(ctx context.Context, cfg openDataConfig, st *stores, previews portal.Previewer, hasher citizen.KeyHasher, log *slog.Logger) ([]gateway.RouteSet, error) {
	csrfKey, err := loadOrCreateSecret(cfg.webSecretFile)
	if err != nil {
		return nil, err
	}
	site, err := newPortal(cfg, st, portal.Deps{Previews: previews, Log: log.With("component", "portal")}, csrfKey)
	if err != nil {
		return nil, err
	}
	routes := []gateway.RouteSet{site, openapi.Handler{}}
	view, err := newCitizenView(ctx, cfg.citizen, cfg.webURL, st, hasher, log)
	if err != nil {
		return nil, err
	}
	if view != nil {
		routes = append(routes, view)
	}
	return routes, nil
}

// logEnd runs a background loop and logs why it stopped, unless it was
// the end of ctx.
func logEnd(log *slog.Logger, what string, run func(context.Context) error) func(context.Context) {
	return func(ctx context.Context) {
		if err := run(ctx); err != nil && ctx.Err() == nil {
			log.Error(what+" stopped", "err", err)
		}
	}
}

// start runs the background loops until ctx ends.
func (od *openData) start(ctx context.Context) {
	for _, run := range od.run {
		go run(ctx)
	}
}

// packageProviders are the sources of every open-data package: the
// metadata catalog of all datasets, each issuer's licence database, and
// the exchange statistics.
func packageProviders(cfg openDataConfig, st *stores) []opendata.Provider {
	return []opendata.Provider{
		opendata.CatalogProvider(st.catalog, opendata.CatalogConfig{WebURL: cfg.webURL, APIURL: cfg.apiURL,
			ContactEmail: "opendata@dga.or.th", PublishedElsewhere: licenceDataset}),
		licence.Provider{Store: st.licences, Agencies: st.catalog, WebURL: cfg.webURL},
		statsProvider{st: st, webURL: cfg.webURL},
	}
}

// licenceDataset reports whether a catalog dataset is an issuer's public
// licence database ("dla.licences"), which the licence provider publishes
// with its data under the same package name.
func licenceDataset(id string) bool {
	issuer, ok := strings.CutSuffix(id, "."+licence.TableName)
	return ok && licence.PackageName(strings.ToUpper(issuer)) == opendata.Slug(id)
}

// statsProvider publishes the statistics under the central office, read
// from the catalog when the packages are built.
type statsProvider struct {
	st     *stores
	webURL string
}

func (p statsProvider) Source() string { return stats.ProviderSource }

func (p statsProvider) Packages(ctx context.Context) ([]opendata.Package, error) {
	owner, err := p.st.catalog.FindAgency(ctx, admin.CentralOffice)
	if err != nil && !catalog.IsKind(err, catalog.KindNotFound) {
		return nil, err
	}
	if owner.Code == "" {
		owner = catalog.Agency{Code: admin.CentralOffice, NameEN: admin.CentralOffice}
	}
	return stats.Provider{Stats: p.st.stats, Owner: owner, WebURL: p.webURL}.Packages(ctx)
}

func statsRefresher(st *stores, log *slog.Logger) *stats.Refresher {
	return &stats.Refresher{Trail: st.audit, Datasets: st.catalog, Store: st.stats, Log: log}
}

// dataTables finds the DataStore table behind a resource id: the
// statistics' three, and each licensing agency's licences.
func dataTables(st *stores) datastore.Resolver {
	stat := &datastore.Tables{}
	stat.Add(stats.PackageName, stats.TableVolumes, datastore.VolumeTable())
	stat.Add(stats.PackageName, stats.TableReasons, datastore.ReasonTable())
	stat.Add(stats.PackageName, stats.TableLatency, datastore.LatencyTable())
	issuers := func(ctx context.Context) ([]string, error) {
		agencies, err := st.catalog.ListAgencies(ctx)
		codes := make([]string, len(agencies))
		for i, a := range agencies {
			codes[i] = a.Code
		}
		return codes, err
	}
	return datastore.Chain(stat, datastore.Licences(issuers, licence.PackageName))
}

// openTables finds the downloadable tables: each issuer's licences and the
// statistics.
type openTables struct{ st *stores }

func (t openTables) Table(ctx context.Context, pkg, name string) (download.Table, error) {
	if pkg == stats.PackageName {
		if tbl, ok := stats.PublishedTable(t.st.stats, name); ok {
			return tbl, nil
		}
	}
	if issuer, ok := strings.CutSuffix(pkg, "-licences"); ok && name == licence.TableName {
		code := strings.ToUpper(issuer)
		if licence.PackageName(code) == pkg {
			if n, err := t.st.licences.Count(ctx, code); err != nil {
				return nil, err
			} else if n > 0 {
				return licence.Table{Store: t.st.licences, Issuer: code}, nil
			}
		}
	}
	return nil, catalog.Errorf(catalog.KindNotFound, "dataset %s has no table %s to download; see /api/3/action/package_show?id=%s", pkg, name, pkg)
}

// openDataFor completes the open-data configuration once the web
// listener is bound at webAddr: the base URLs published metadata names
// come from the listeners unless the operator gave the public one.
func (c serverConfig) openDataFor(webAddr string) openDataConfig {
	od := c.openData
	od.webURL = c.publicURL
	if od.webURL == "" {
		scheme := "http"
		if c.webTLSCert != "" {
			scheme = "https"
		}
		od.webURL = scheme + "://" + webAddr
	}
	od.webURL = strings.TrimRight(od.webURL, "/")
	od.apiURL = "https://" + c.apiAddr
	if od.syncEvery <= 0 {
		od.syncEvery = time.Minute
	}
	if od.refreshEvery <= 0 {
		od.refreshEvery = 5 * time.Minute
	}
	return od
}
