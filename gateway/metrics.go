package gateway

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
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

// NewMetrics registers the gateway's series, the standard Go runtime and
// process collectors (go_*, process_resident_memory_bytes,
// process_open_fds …), and more: collectors that read values living
// elsewhere at scrape time (BreakerCollector, AuditCollectors).
func NewMetrics(more ...prometheus.Collector) *Metrics {
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
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registry.MustRegister(more...)
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

// BreakerSource reports the circuit breaker state of each upstream;
// *connectors.Registry is one.
type BreakerSource interface {
	Breakers() map[string]connectors.BreakerState
}

// breakerOpen is one series per upstream, labelled with its name.
var breakerOpen = prometheus.NewDesc("gdx_breaker_open",
	"1 when the circuit breaker to the upstream is open, 0.5 half open, 0 closed.", []string{"upstream"}, nil)

// BreakerCollector reads the breakers' states at scrape time as
// gdx_breaker_open{upstream="civil-registry"}.
func BreakerCollector(src BreakerSource) Collector { return breakerCollector{src} }

type breakerCollector struct{ src BreakerSource }

func (c breakerCollector) Describe(ch chan<- *prometheus.Desc) { ch <- breakerOpen }

func (c breakerCollector) Collect(ch chan<- prometheus.Metric) {
	for name, st := range c.src.Breakers() {
		ch <- prometheus.MustNewConstMetric(breakerOpen, prometheus.GaugeValue, breakerValue(st), name)
	}
}

// breakerValue is the gauge's value for a state.
func breakerValue(s connectors.BreakerState) float64 {
	switch s {
	case connectors.BreakerOpen:
		return 1
	case connectors.BreakerHalfOpen:
		return 0.5
	}
	return 0
}

// AuditSource is the audit writer's side that metrics read;
// *audit.Writer is one.
type AuditSource interface {
	QueueDepth() int
	Stats() audit.Stats
}

// AuditCollectors read the audit writer at scrape time: its queue depth
// (a gauge) and, as counters since start, the checkpoints it could not
// store, the events it refused for a full queue, and the events it
// committed and in how many transactions (their ratio is the mean group
// commit: small batches cost the database a commit each).
func AuditCollectors(w AuditSource) []Collector {
	return []Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gdx_audit_queue_depth",
			Help: "Audit events waiting to be committed."}, func() float64 { return float64(w.QueueDepth()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gdx_audit_checkpoint_errors_total",
			Help: "Signed audit checkpoints that could not be stored; a rising count leaves the chain's tail unanchored."},
			func() float64 { return float64(w.Stats().CheckpointErrors) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gdx_audit_events_rejected_total",
			Help: "Audit events refused because the queue was full."},
			func() float64 { return float64(w.Stats().Rejected) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gdx_audit_events_committed_total",
			Help: "Audit events durably committed."}, func() float64 { return float64(w.Stats().Committed) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gdx_audit_batches_total",
			Help: "Audit transactions committed (group commits)."}, func() float64 { return float64(w.Stats().Batches) }),
	}
}
