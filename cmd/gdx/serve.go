package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// runServe runs the exchange for production: configuration from flags and
// GDX_* environment variables, JSON logs, graceful shutdown on SIGTERM.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	data := fs.String("data", "./gdx-data", "data directory holding ca.crt, server.crt and server.key unless given below")
	cfg := serverConfig{bodyLimit: 1 << 20}
	fs.StringVar(&cfg.databaseURL, "database-url", "", "database: postgres://… (production) or sqlite:PATH; default the data directory's gdx.db")
	fs.StringVar(&cfg.apiAddr, "api-addr", ":8443", "agency API listen address (mutual TLS)")
	fs.StringVar(&cfg.webAddr, "web-addr", ":8080", "public web listen address")
	fs.StringVar(&cfg.tlsCert, "tls-cert", "", "gateway server certificate (PEM); default DATA/server.crt")
	fs.StringVar(&cfg.tlsKey, "tls-key", "", "gateway server key (PEM); default DATA/server.key")
	fs.StringVar(&cfg.clientCA, "client-ca", "", "exchange CA certificate that client certificates must chain to; default DATA/ca.crt")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 20*time.Second, "how long in-flight requests may finish on shutdown")
	fs.StringVar(&cfg.audience, "audience", "urn:gdx:gateway:gdx", "this exchange's name in request JWTs (aud)")
	fs.StringVar(&cfg.webTLSCert, "web-tls-cert", "", "serve the web listener (open data, admin API) over HTTPS with this certificate; needed unless a TLS proxy fronts it")
	fs.StringVar(&cfg.webTLSKey, "web-tls-key", "", "the web certificate's key")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	cfg.lookup = lookupConfig{upstreams: map[string]string{}, policy: policies.Baseline(),
		defaultLimit: catalog.RateLimit{PerMinute: 600, Burst: 100}}
	host, _ := os.Hostname()
	fs.StringVar(&cfg.lookup.writer, "writer", metricName(strings.ToLower(host)), "this replica's audit chain name, stable across restarts")
	fs.StringVar(&cfg.lookup.auditSecretFile, "audit-secret", "", "file of the HMAC secret for record-key hashes (default DATA/audit.secret; created if absent)")
	fs.StringVar(&cfg.lookup.auditKeyFile, "audit-key", "", "Ed25519 key signing audit checkpoints (default DATA/audit-writer.key; created if absent)")
	fs.StringVar(&cfg.lookup.upstreamCert, "upstream-cert", "", "the gateway's client certificate to the owning agencies (default DATA/upstream.crt)")
	fs.StringVar(&cfg.lookup.upstreamKey, "upstream-key", "", "its key (default DATA/upstream.key)")
	fs.StringVar(&cfg.lookup.upstreamCA, "upstream-ca", "", "CA the owners' server certificates chain to (default the exchange CA)")
	fs.Func("upstream", "an owning agency's service as NAME=https://URL (civil-registry, juristic-registry); repeat for each", func(v string) error {
		name, url, ok := strings.Cut(v, "=")
		if !ok || !strings.HasPrefix(url, "https://") {
			return fmt.Errorf("want NAME=https://URL, got %q", v)
		}
		cfg.lookup.upstreams[name] = url
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log, err := newLogger(stderr, *level)
	if err != nil {
		return err
	}
	dir := dataDir(*data)
	cfg.tlsCert = orDefault(cfg.tlsCert, dir.serverCert())
	cfg.tlsKey = orDefault(cfg.tlsKey, dir.serverKey())
	cfg.clientCA = orDefault(cfg.clientCA, dir.caCert())
	cfg.lookup.auditSecretFile = orDefault(cfg.lookup.auditSecretFile, dir.path("audit.secret"))
	cfg.lookup.auditKeyFile = orDefault(cfg.lookup.auditKeyFile, dir.path("audit-writer.key"))
	cfg.lookup.upstreamCert = orDefault(cfg.lookup.upstreamCert, dir.path("upstream.crt"))
	cfg.lookup.upstreamKey = orDefault(cfg.lookup.upstreamKey, dir.path("upstream.key"))
	cfg.lookup.upstreamCA = orDefault(cfg.lookup.upstreamCA, cfg.clientCA)
	if cfg.databaseURL == "" {
		if err := dir.requireFiles("run 'gdx demo' once, or give --database-url", dir.path("gdx.db")); err != nil {
			return err
		}
		cfg.databaseURL = dir.databaseURL()
	}
	ex, err := startExchange(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer ex.Close()
	log.Info("gdx serving", "api", ex.gateway.APIURL(), "web", ex.gateway.WebURL())
	return ex.gateway.Serve(ctx)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
