package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

func init() { addCommand(newServeCommand) }

// serveFlags are the flags of serve beyond the server configuration.
type serveFlags struct {
	webSecret     string
	citizenSecret string
	data, level   string
	cfg           serverConfig
}

// newServeCommand runs the exchange for production: configuration from
// flags and GDX_* environment variables, JSON logs, graceful shutdown on
// SIGTERM.
func newServeCommand() *cobra.Command {
	f := &serveFlags{cfg: serverConfig{bodyLimit: 1 << 20}}
	cmd := &cobra.Command{Use: "serve [flags]", Short: "run the exchange in production", Args: noArgs,
		Long: "Run the exchange in production: configuration from flags and GDX_* environment variables\n" +
			"(GDX_DATABASE_URL=postgres://… selects PostgreSQL), JSON logs, graceful shutdown on SIGTERM.",
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, f) }}
	fl := cmd.Flags()
	cfg := &f.cfg
	fl.StringVar(&f.data, "data", "./gdx-data", "data directory holding ca.crt, server.crt and server.key unless given below")
	fl.StringVar(&cfg.databaseURL, "database-url", "", "database: postgres://… (production) or sqlite:PATH; default the data directory's gdx.db")
	fl.StringVar(&cfg.apiAddr, "api-addr", ":8443", "agency API listen address (mutual TLS)")
	fl.StringVar(&cfg.webAddr, "web-addr", ":8080", "public web listen address: portal, open data, licence checks, citizen view")
	fl.StringVar(&cfg.adminAddr, "admin-addr", "127.0.0.1:8081", "admin listen address: admin API, steward console, /metrics (keep it off the internet)")
	fl.StringVar(&cfg.tlsCert, "tls-cert", "", "gateway server certificate (PEM); default DATA/server.crt")
	fl.StringVar(&cfg.tlsKey, "tls-key", "", "gateway server key (PEM); default DATA/server.key")
	fl.StringVar(&cfg.clientCA, "client-ca", "", "exchange CA certificate that client certificates must chain to; default DATA/ca.crt")
	fl.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 20*time.Second, "how long in-flight requests may finish on shutdown")
	fl.StringVar(&cfg.audience, "audience", "urn:gdx:gateway:gdx", "this exchange's name in request JWTs (aud)")
	fl.StringVar(&cfg.webTLSCert, "web-tls-cert", "", "serve the web listener (open data, admin API) over HTTPS with this certificate; needed unless a TLS proxy fronts it")
	fl.StringVar(&cfg.webTLSKey, "web-tls-key", "", "the web certificate's key")
	fl.StringVar(&f.level, "log-level", "info", "log level: debug, info, warn or error")
	fl.StringVar(&cfg.publicURL, "public-url", "", "the web listener's URL as the public reaches it (open-data links, DCAT IRIs, QR codes); default from --web-addr")
	fl.DurationVar(&cfg.openData.syncEvery, "opendata-sync", time.Minute, "how often open-data packages are rebuilt from the catalog, licences and statistics")
	fl.DurationVar(&cfg.openData.refreshEvery, "stats-refresh", 5*time.Minute, "how often the exchange statistics are refreshed from the audit trail")
	fl.StringVar(&f.webSecret, "web-secret", "", "file of the key signing the pages' form tokens, shared by every replica (default DATA/web.secret; created if absent)")
	fl.StringVar(&cfg.openData.citizen.issuer, "citizen-issuer", "", "Digital ID's OpenID Connect issuer URL; without it the citizen view is off")
	fl.StringVar(&cfg.openData.citizen.clientID, "citizen-client-id", "", "gdx's client id at Digital ID")
	fl.StringVar(&f.citizenSecret, "citizen-client-secret-file", "", "file holding gdx's client secret at Digital ID")
	completeWords(cmd, "log-level", "debug", "info", "warn", "error")
	registerLookupFlags(cmd, &cfg.lookup)
	_ = cmd.MarkFlagDirname("data")
	return cmd
}

// registerLookupFlags registers the flags of the lookup pipeline.
func registerLookupFlags(cmd *cobra.Command, l *lookupConfig) {
	*l = lookupConfig{upstreams: map[string]string{}, policy: policies.Baseline(),
		defaultLimit: catalog.RateLimit{PerMinute: 600, Burst: 100}}
	fl := cmd.Flags()
	host, _ := os.Hostname()
	fl.StringVar(&l.writer, "writer", metricName(strings.ToLower(host)), "this replica's audit chain name, stable across restarts")
	fl.StringVar(&l.auditSecretFile, "audit-secret", "", "file of the HMAC secret for record-key hashes (default DATA/audit.secret; created if absent)")
	fl.DurationVar(&l.auditBatchWait, "audit-batch-wait", 0, "how long an audit batch waits for more events before it commits (0: at once; up to 10ms trades that much latency for fewer commits)")
	fl.StringVar(&l.auditKeyFile, "audit-key", "", "Ed25519 key signing audit checkpoints (default DATA/audit-writer.key; created if absent)")
	fl.StringVar(&l.upstreamCert, "upstream-cert", "", "the gateway's client certificate to the owning agencies (default DATA/upstream.crt)")
	fl.StringVar(&l.upstreamKey, "upstream-key", "", "its key (default DATA/upstream.key)")
	fl.StringVar(&l.upstreamCA, "upstream-ca", "", "CA the owners' server certificates chain to (default the exchange CA)")
	fl.Func("upstream", "an owning agency's service as NAME=https://URL (civil-registry, juristic-registry); repeat for each", func(v string) error {
		name, url, ok := strings.Cut(v, "=")
		if !ok || !strings.HasPrefix(url, "https://") {
			return fmt.Errorf("want NAME=https://URL, got %q", v)
		}
		l.upstreams[name] = url
		return nil
	})
}

func runServe(cmd *cobra.Command, f *serveFlags) error {
	log, err := newLogger(cmd.ErrOrStderr(), f.level)
	if err != nil {
		return err
	}
	cfg, dir := f.cfg, dataDir(f.data)
	cfg.tlsCert = orDefault(cfg.tlsCert, dir.serverCert())
	cfg.tlsKey = orDefault(cfg.tlsKey, dir.serverKey())
	cfg.clientCA = orDefault(cfg.clientCA, dir.caCert())
	cfg.lookup.auditSecretFile = orDefault(cfg.lookup.auditSecretFile, dir.path("audit.secret"))
	cfg.lookup.auditKeyFile = orDefault(cfg.lookup.auditKeyFile, dir.path("audit-writer.key"))
	cfg.lookup.upstreamCert = orDefault(cfg.lookup.upstreamCert, dir.path("upstream.crt"))
	cfg.lookup.upstreamKey = orDefault(cfg.lookup.upstreamKey, dir.path("upstream.key"))
	cfg.lookup.upstreamCA = orDefault(cfg.lookup.upstreamCA, cfg.clientCA)
	cfg.openData.webSecretFile = orDefault(f.webSecret, dir.path("web.secret"))
	if f.citizenSecret != "" {
		secret, err := readSecret(f.citizenSecret)
		if err != nil {
			return err
		}
		cfg.openData.citizen.clientSecret = strings.TrimSpace(string(secret))
	}
	if cfg.databaseURL == "" {
		if err := dir.requireFiles("run 'gdx demo' once, or give --database-url", dir.path("gdx.db")); err != nil {
			return err
		}
		cfg.databaseURL = dir.databaseURL()
	}
	ex, err := startExchange(cmd.Context(), cfg, log)
	if err != nil {
		return err
	}
	defer ex.Close()
	log.Info("gdx serving", "api", ex.gateway.APIURL(), "web", ex.gateway.WebURL(), "admin", ex.gateway.AdminURL())
	return ex.gateway.Serve(cmd.Context())
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
