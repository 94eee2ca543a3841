package gateway

import "github.com/prometheus/client_golang/prometheus"

// ChangeFeedSource is the state of the change feed that keeps the
// replica's caches current; *notify.Feed is one.
type ChangeFeedSource interface {
	// Live reports whether change notices arrive promptly; while they do
	// not, caches expire quickly instead.
	Live() bool
	// Losses counts the times the notices' channel broke.
	Losses() uint64
}

// ChangeFeedCollectors read the change feed at scrape time: whether it is
// live (a gauge) and how often it broke (a counter since start). A 0
// gauge means the caches serve with short expiry: correct, but with more
// database reads per lookup.
func ChangeFeedCollectors(f ChangeFeedSource) []Collector {
	live := func() float64 {
		if f.Live() {
			return 1
		}
		return 0
	}
	return []Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "gdx_cache_notices_live",
			Help: "1 while the database's change notices reach this replica's caches; 0 while they fall back to short expiry."}, live),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "gdx_cache_notices_lost_total",
			Help: "Times the channel of change notices broke (or could not be opened) since start."},
			func() float64 { return float64(f.Losses()) }),
	}
}
