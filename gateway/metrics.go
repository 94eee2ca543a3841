package gateway

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/gdx-exchange/gdx/catalog"
)

// Metrics are the gateway's Prometheus series. A nil *Metrics records
// nothing, so tests may leave it out.
type Metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	decision  prometheus.Histogram
	upstream  *prometheus.HistogramVec
	auditWait prometheus.Histogram
}

// latencyBuckets span 0.5 ms to 10 s.
var latencyBuckets = prometheus.ExponentialBuckets(0.0005, 2.5, 12)

// NewMetrics registers the gateway's series; gauges reads the values that
// live elsewhere (breaker states, audit queue depth) at scrape time.
func NewMetrics(gauges ...prometheus.Collector) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gdx_lookups_total",
			Help: "Lookups by consumer agency, dataset and outcome."}, []string{"agency", "dataset", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "gdx_lookup_duration_seconds",
			Help: "Whole lookup latency, authentication excluded.", Buckets: latencyBuckets}, []string{"dataset"}),
		decision: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "gdx_decision_duration_seconds",
			Help: "Policy decision latency.", Buckets: latencyBuckets}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "gdx_upstream_duration_seconds",
			Help: "Calls to owning agencies by connector and outcome.", Buckets: latencyBuckets}, []string{"connector", "outcome"}),
		auditWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "gdx_audit_commit_seconds",
			Help: "Time a request waits for its audit event to be durable.", Buckets: latencyBuckets}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.decision, m.upstream, m.auditWait,
		prometheus.NewGoCollector())
	m.registry.MustRegister(gauges...)
	return m
}

// Registry returns the registry that /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

func (m *Metrics) observeLookup(st *lookupState, err, auditErr error) {
	if m == nil {
		return
	}
	outcome := "ok"
	switch {
	case auditErr != nil:
		outcome = "audit_failed"
	case err != nil:
		outcome = string(catalog.ErrorKind(err))
	}
	if _, ok := err.(*DeniedError); ok {
		outcome = "denied"
	}
	m.requests.WithLabelValues(st.req.Agency.Code, st.dataset.ID, outcome).Inc()
	m.latency.WithLabelValues(st.dataset.ID).Observe(time.Since(st.started).Seconds())
}

func (m *Metrics) observeDecision(d time.Duration) {
	if m != nil {
		m.decision.Observe(d.Seconds())
	}
}

func (m *Metrics) observeUpstream(connector string, d time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = string(catalog.ErrorKind(err))
	}
	m.upstream.WithLabelValues(connector, outcome).Observe(d.Seconds())
}

func (m *Metrics) observeAudit(d time.Duration) {
	if m != nil {
		m.auditWait.Observe(d.Seconds())
	}
}

// Collector is a Prometheus collector, so that wiring code need not
// import Prometheus.
type Collector = prometheus.Collector

// GaugeFunc makes a gauge read at scrape time, for breaker states and the
// audit queue depth.
func GaugeFunc(name, help string, f func() float64) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
}
