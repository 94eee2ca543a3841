package gateway

import (
	"runtime"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/connectors"
)

type fakeBreakers map[string]connectors.BreakerState

func (f fakeBreakers) Breakers() map[string]connectors.BreakerState { return f }

type fakeAudit struct{ stats audit.Stats }

func (f fakeAudit) QueueDepth() int    { return 3 }
func (f fakeAudit) Stats() audit.Stats { return f.stats }

// series is one gathered sample: its family's type and its value.
type series struct {
	kind  string
	value float64
}

// gather returns every sample of m's registry by name{label="value",…}.
func gather(t *testing.T, m *Metrics) map[string]series {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	out := map[string]series{}
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			var labels []string
			for _, l := range s.GetLabel() {
				labels = append(labels, l.GetName()+`="`+l.GetValue()+`"`)
			}
			key := mf.GetName()
			if len(labels) > 0 {
				key += "{" + strings.Join(labels, ",") + "}"
			}
			v := s.GetGauge().GetValue() + s.GetCounter().GetValue() + s.GetUntyped().GetValue()
			out[key] = series{kind: mf.GetType().String(), value: v}
		}
	}
	return out
}

func TestMetricsAsPrometheusUsersExpect(t *testing.T) {
	m := NewMetrics(append(AuditCollectors(fakeAudit{audit.Stats{CheckpointErrors: 2, Rejected: 5, Committed: 70, Batches: 9}}),
		BreakerCollector(fakeBreakers{"civil-registry": connectors.BreakerOpen,
			"juristic-registry": connectors.BreakerHalfOpen, "licences": connectors.BreakerClosed}))...)
	m.requests.WithLabelValues("DLA", "dopa.person", "ok").Inc()
	got := gather(t, m)
	want := map[string]series{
		`gdx_breaker_open{upstream="civil-registry"}`:                        {"GAUGE", 1},
		`gdx_breaker_open{upstream="juristic-registry"}`:                     {"GAUGE", 0.5},
		`gdx_breaker_open{upstream="licences"}`:                              {"GAUGE", 0},
		"gdx_audit_queue_depth":                                              {"GAUGE", 3},
		"gdx_audit_checkpoint_errors_total":                                  {"COUNTER", 2},
		"gdx_audit_events_rejected_total":                                    {"COUNTER", 5},
		"gdx_audit_events_committed_total":                                   {"COUNTER", 70},
		"gdx_audit_batches_total":                                            {"COUNTER", 9},
		`gdx_lookups_total{agency="DLA",dataset="dopa.person",outcome="ok"}`: {"COUNTER", 1},
	}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s = %+v (present %v), want %+v", name, g, ok, w)
		}
	}
	standard := []string{"go_goroutines", "go_memstats_heap_alloc_bytes"}
	if runtime.GOOS == "linux" { // the process collector reads /proc
		standard = append(standard, "process_resident_memory_bytes", "process_open_fds", "process_cpu_seconds_total")
	}
	for _, name := range standard {
		if _, ok := got[name]; !ok {
			t.Errorf("/metrics lacks the standard series %s", name)
		}
	}
	for name, s := range got {
		family, _, _ := strings.Cut(name, "{")
		if s.kind == "COUNTER" && !strings.HasSuffix(family, "_total") {
			t.Errorf("counter %s does not end in _total", family)
		}
		if strings.HasPrefix(family, "gdx_breaker_open_") {
			t.Errorf("a metric name per upstream: %s", family)
		}
	}
}
