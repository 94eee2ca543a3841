package main

import (
	"context"
	"io"
	"time"
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
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
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
