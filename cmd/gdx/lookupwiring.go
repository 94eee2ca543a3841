package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/policies"
)

// lookupConfig is what the lookup pipeline needs beyond storage.
type lookupConfig struct {
	auditSecretFile string // HMAC secret for record-key hashes
	auditKeyFile    string // Ed25519 key signing this writer's checkpoints
	writer          string // this replica's audit chain
	auditBatchWait  time.Duration
	upstreamCert    string // the gateway's client certificate to the owners
	upstreamKey     string
	upstreamCA      string            // roots the owners' server certificates chain to
	upstreams       map[string]string // upstream name → base URL
	policy          policies.Modules  // bootstrapped when no policy is active
	defaultLimit    catalog.RateLimit
}

// lookupParts are the running pieces of the pipeline, for wiring and
// shutdown.
type lookupParts struct {
	pipeline *gateway.Pipeline
	workflow *policies.Workflow
	audit    *audit.Writer
	hasher   *audit.Hasher
	metrics  *gateway.Metrics
	close    func()
}

// buildPipeline assembles the lookup pipeline: the audit writer, the
// policy engine kept in step with the database, the connectors to the
// owning agencies and the shared rate limiter.
func buildPipeline(ctx context.Context, cfg lookupConfig, st *stores, reads gateway.LookupCatalog, log *slog.Logger) (*lookupParts, error) {
	writer, hasher, err := startAudit(ctx, cfg, st)
	if err != nil {
		return nil, err
	}
	engine, workflow, err := startPolicies(ctx, cfg, st, log)
	if err != nil {
		writer.Close()
		return nil, err
	}
	registry, err := newConnectors(cfg)
	if err != nil {
		writer.Close()
		return nil, err
	}
	metrics := gateway.NewMetrics(append(gateway.AuditCollectors(writer), gateway.BreakerCollector(registry))...)
	decisions := policies.NewDecisionWriter(st.policies, log)
	limiter := &gateway.LeasedLimiter{Store: st.gateway, Name: cfg.writer}
	go limiter.Run(ctx, log)
	p := &gateway.Pipeline{Catalog: reads, Decider: engine, Fetcher: registry, Audit: writer, Hasher: hasher,
		Limiter: limiter, Decisions: decisions, Rows: st.gateway, Metrics: metrics, DefaultLimit: cfg.defaultLimit,
		UpstreamTimeout: 10 * time.Second}
	return &lookupParts{pipeline: p, workflow: workflow, audit: writer, hasher: hasher, metrics: metrics, close: func() { registry.Close(); decisions.Close(); writer.Close() }}, nil
}

func startAudit(ctx context.Context, cfg lookupConfig, st *stores) (*audit.Writer, *audit.Hasher, error) {
	secret, err := loadOrCreateSecret(cfg.auditSecretFile)
	if err != nil {
		return nil, nil, err
	}
	hasher, err := audit.NewHasher(secret)
	if err != nil {
		return nil, nil, err
	}
	key, err := loadOrCreateSigningKey(cfg.auditKeyFile)
	if err != nil {
		return nil, nil, err
	}
	writer, err := audit.NewWriter(ctx, st.audit, audit.Config{Writer: cfg.writer, Key: key, BatchWait: cfg.auditBatchWait})
	if err != nil {
		return nil, nil, fmt.Errorf("start the audit writer: %w", err)
	}
	return writer, hasher, nil
}

// startPolicies loads the active policy (bootstrapping the given set on a
// fresh database) and keeps it in step with the database.
func startPolicies(ctx context.Context, cfg lookupConfig, st *stores, log *slog.Logger) (*policies.Engine, *policies.Workflow, error) {
	engine := policies.NewEngine()
	wf := policies.NewWorkflow(st.policies, engine)
	if _, err := wf.Bootstrap(ctx, cfg.policy); err != nil {
		return nil, nil, fmt.Errorf("load the active policy: %w", err)
	}
	w := &policies.Watcher{Source: st.policies, Engine: engine, Logger: log}
	go w.Run(ctx)
	return engine, wf, nil
}

func newConnectors(cfg lookupConfig) (*connectors.Registry, error) {
	ups := map[string]connectors.Upstream{}
	if len(cfg.upstreams) > 0 {
		tlsCfg, err := upstreamTLS(cfg)
		if err != nil {
			return nil, err
		}
		for name, url := range cfg.upstreams {
			ups[name] = connectors.Upstream{BaseURL: url, TLS: tlsCfg}
		}
	}
	return connectors.New(connectors.Config{Upstreams: ups})
}

func upstreamTLS(cfg lookupConfig) (*tls.Config, error) {
	cert, err := certs.LoadKeyPair(cfg.upstreamCert, cfg.upstreamKey)
	if err != nil {
		return nil, fmt.Errorf("the gateway's upstream certificate: %w", err)
	}
	roots, err := certs.LoadCAPool(cfg.upstreamCA)
	if err != nil {
		return nil, fmt.Errorf("the owners' CA: %w", err)
	}
	return certs.ClientTLSConfig(cert, roots), nil
}

func metricName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}
