package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog/cache"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	"github.com/gdx-exchange/gdx/certs"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/notify"
	"github.com/gdx-exchange/gdx/opendata/licence/upload"
)

// cacheFallbackTTL is how long cached catalog reads live while the
// database's change notices do not arrive (see notify.Feed.Live).
const cacheFallbackTTL = 500 * time.Millisecond

// serverConfig is what a running exchange needs, for `serve` and `demo`.
type serverConfig struct {
	databaseURL     string
	apiAddr         string
	webAddr         string
	adminAddr       string // the admin API, steward console and /metrics
	tlsCert         string
	tlsKey          string
	clientCA        string
	shutdownTimeout time.Duration
	bodyLimit       int64
	audience        string
	webTLSCert      string // optional: serve the web listener over HTTPS
	webTLSKey       string
	publicURL       string // the web listener's URL as the public reaches it; derived from webAddr when empty
	lookup          lookupConfig
	openData        openDataConfig
}

// Validate reports every problem with the configuration, one per line.
func (c serverConfig) Validate() error {
	var problems []string
	check := func(bad bool, msg string) {
		if bad {
			problems = append(problems, msg)
		}
	}
	check(c.databaseURL == "", "no database: set --database-url or GDX_DATABASE_URL")
	check(c.apiAddr == "", "--api-addr must not be empty")
	check(c.webAddr == "", "--web-addr must not be empty")
	check(c.adminAddr == "", "--admin-addr must not be empty")
	check(c.tlsCert == "" || c.tlsKey == "", "--tls-cert and --tls-key name the gateway's server certificate and key")
	check(c.clientCA == "", "--client-ca names the exchange CA certificate")
	check(c.shutdownTimeout <= 0, "--shutdown-timeout must be positive")
	check(c.audience == "", "--audience names this exchange in request JWTs (aud)")
	check(c.lookup.auditBatchWait < 0 || c.lookup.auditBatchWait > maxAuditBatchWait,
		"--audit-batch-wait must be from 0 to "+maxAuditBatchWait.String()+": every lookup may wait that long for its audit commit")
	if len(problems) > 0 {
		return usagef("%s", strings.Join(problems, "\n  "))
	}
	return nil
}

// maxAuditBatchWait bounds --audit-batch-wait: a longer wait would be
// latency every lookup pays, for batches no larger.
const maxAuditBatchWait = 10 * time.Millisecond

// exchange is a running gdx: its storage, revocation checks and gateway.
type exchange struct {
	stores   *stores
	gateway  *gateway.Gateway
	lookup   *lookupParts
	openData *openData
}

// startExchange opens storage, loads TLS material and binds the listeners.
// The caller serves with ex.gateway.Serve and closes ex.
func startExchange(ctx context.Context, cfg serverConfig, log *slog.Logger) (*exchange, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := openStores(ctx, cfg.databaseURL)
	if err != nil {
		return nil, err
	}
	ex := &exchange{stores: st}
	if err := ex.startGateway(ctx, cfg, log); err != nil {
		ex.Close()
		return nil, err
	}
	return ex, nil
}

func (ex *exchange) startGateway(ctx context.Context, cfg serverConfig, log *slog.Logger) error {
	// The replica's caches (agencies, purposes, datasets, grants, keys,
	// revocations) drop what the database announces as changed: at once
	// for this process's writes, within the feed's delivery for others'.
	feed := notify.New(ex.stores.db, notify.Options{Counters: []string{catalogsql.ChangeCounter, certssql.ChangeCounter}, Logger: log})
	go feed.Run(ctx)
	tlsCfg, checker, err := apiTLS(ctx, cfg, ex.stores, feed, log)
	if err != nil {
		return err
	}
	reads := cache.New(ex.stores.catalog, cacheFallbackTTL)
	reads.Follow(feed)
	verifier, replay, err := tokenVerifier(ctx, cfg, ex.stores, reads, feed, log)
	if err != nil {
		return err
	}
	if ex.lookup, err = buildPipeline(ctx, cfg.lookup, ex.stores, reads, log); err != nil {
		return err
	}
	ex.lookup.metrics.Registry().MustRegister(gateway.ChangeFeedCollectors(feed)...)
	csrfKey, err := loadOrCreateSecret(cfg.openData.webSecretFile)
	if err != nil {
		return err
	}
	adminRoutes, err := newAdmin(ex.stores, ex.lookup, csrfKey, log)
	if err != nil {
		return err
	}
	webTLS, err := webTLS(cfg)
	if err != nil {
		return err
	}
	webLn, err := gateway.ListenWeb(cfg.webAddr)
	if err != nil {
		return err
	}
	ex.openData, err = newOpenData(ctx, cfg.openDataFor(webLn.Addr().String()), ex.stores, ex.lookup.hasher, log)
	if err != nil {
		webLn.Close()
		return err
	}
	gw, err := gateway.New(gateway.Config{
		APIAddr: cfg.apiAddr, WebAddr: cfg.webAddr, AdminAddr: cfg.adminAddr, APITLS: tlsCfg, WebTLS: webTLS, WebListener: webLn,
		BodyLimit: cfg.bodyLimit, ShutdownTimeout: cfg.shutdownTimeout,
	}, gateway.Deps{Agencies: reads, Revocation: checker, Tokens: verifier, Replay: replay, Pipeline: ex.lookup.pipeline,
		Audit: ex.lookup.audit, Metrics: ex.lookup.metrics, Web: ex.openData.routes, Admin: adminRoutes,
		API:   []gateway.RouteSet{&upload.Handler{Store: ex.stores.licences, Audit: ex.lookup.audit, Log: log}},
		Ready: ex.stores.db.Ping, Logger: log})
	if err != nil {
		webLn.Close()
		return err
	}
	if err := gw.Listen(); err != nil {
		webLn.Close()
		return err
	}
	ex.gateway = gw
	ex.openData.start(ctx)
	return nil
}

// apiTLS builds the agency API's TLS configuration with revocation checks
// that refresh from the database in the background.
func apiTLS(ctx context.Context, cfg serverConfig, st *stores, feed certs.Changes, log *slog.Logger) (*tls.Config, *certs.RevocationChecker, error) {
	serverCert, err := certs.LoadKeyPair(cfg.tlsCert, cfg.tlsKey)
	if err != nil {
		return nil, nil, err
	}
	ca, err := certs.LoadCAPool(cfg.clientCA)
	if err != nil {
		return nil, nil, err
	}
	checker := certs.NewRevocationChecker(st.certs, 2*time.Second, log)
	checker.Follow(feed, certssql.TableIssued)
	if err := checker.Refresh(ctx); err != nil {
		return nil, nil, fmt.Errorf("load the certificate revocation list: %w", err)
	}
	checker.Start(ctx)
	return certs.APIServerTLSConfig(serverCert, ca, checker), checker, nil
}

// webTLS loads the web listener's certificate when one is configured.
func webTLS(cfg serverConfig) (*tls.Config, error) {
	if cfg.webTLSCert == "" {
		return nil, nil
	}
	cert, err := certs.LoadKeyPair(cfg.webTLSCert, cfg.webTLSKey)
	if err != nil {
		return nil, fmt.Errorf("the web listener's certificate: %w", err)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}, nil
}

// tokenVerifier builds the request JWT verifier: registered keys from a
// ring that reloads on every announced change (and every 2 seconds),
// replay protection in memory first and in the database with each
// lookup's audit batch (gateway.ReplayGuard).
func tokenVerifier(ctx context.Context, cfg serverConfig, st *stores, purposes authn.PurposeFinder, feed certs.Changes, log *slog.Logger) (*authn.Verifier, *gateway.ReplayGuard, error) {
	ring := certs.NewKeyRing(st.certs, 2*time.Second, log)
	ring.Follow(feed, certssql.TableAgencyKeys)
	if err := ring.Refresh(ctx); err != nil {
		return nil, nil, fmt.Errorf("load the agencies' signing keys: %w", err)
	}
	ring.Start(ctx)
	st.gateway.StartPruning(ctx, time.Minute, log)
	guard := &gateway.ReplayGuard{Durable: st.gateway}
	return &authn.Verifier{Audience: cfg.audience, Keys: ring, Replay: guard, Purposes: purposes}, guard, nil
}

// Close stops the pipeline (draining the audit queue) and the storage.
func (ex *exchange) Close() {
	if ex.lookup != nil {
		ex.lookup.close()
	}
	ex.stores.Close()
}

// newLogger makes the JSON logger at the named level.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}
