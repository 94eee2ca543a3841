package portal

import (
	"html/template"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/web"
)

// statsView is the data of the statistics page: each chart and the
// numbers it draws, for the table beside it.
type statsView struct {
	Available                bool
	Months                   []monthRow
	Reasons                  []reasonRow
	Latency                  []latencyRow
	VolumeChart, ReasonChart template.HTML
	LatencyChart             template.HTML
}

// showStatisticsPage draws the exchange's monthly volumes, its denials
// by reason and its latency, each as an SVG chart and a table.
func (s *Server) showStatisticsPage(c *gin.Context) {
	view := &statsView{}
	p := s.site.Page(c, "stats.title", view)
	if s.stats == nil {
		s.site.OK(c, "statistics", p)
		return
	}
	ctx := c.Request.Context()
	var err error
	if view.Months, err = readVolumes(ctx, s.stats); err == nil {
		if view.Reasons, err = readReasons(ctx, s.stats); err == nil {
			view.Latency, err = readLatency(ctx, s.stats)
		}
	}
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	view.Available = true
	view.VolumeChart, view.ReasonChart, view.LatencyChart = volumeChart(p, view.Months), reasonChart(p, view.Reasons), latencyChart(p, view.Latency)
	s.site.OK(c, "statistics", p)
}

func volumeChart(p *web.Page, rows []monthRow) template.HTML {
	ch := web.Chart{ID: "chart-volume", Title: p.T("stats.volume.title"), Desc: p.T("stats.volume.desc"),
		XLabel: p.T("stats.month"), YLabel: p.T("stats.requests")}
	allow, deny, other := web.Series{Name: p.T("stats.allow")}, web.Series{Name: p.T("stats.deny")}, web.Series{Name: p.T("stats.other")}
	for _, r := range rows {
		ch.Labels = append(ch.Labels, p.Month(r.Month))
		allow.Values, deny.Values = append(allow.Values, float64(r.Allow)), append(deny.Values, float64(r.Deny))
		other.Values = append(other.Values, float64(r.Other))
	}
	ch.Series = []web.Series{allow, deny, other}
	return ch.Bar()
}

func reasonChart(p *web.Page, rows []reasonRow) template.HTML {
	ch := web.Chart{ID: "chart-reasons", Title: p.T("stats.reasons.title"), Desc: p.T("stats.reasons.desc"),
		XLabel: p.T("stats.reason"), YLabel: p.T("stats.count")}
	sr := web.Series{Name: p.T("stats.denials")}
	for _, r := range rows {
		ch.Labels = append(ch.Labels, r.Reason)
		sr.Values = append(sr.Values, float64(r.Count))
	}
	ch.Series = []web.Series{sr}
	return ch.Bar()
}

func latencyChart(p *web.Page, rows []latencyRow) template.HTML {
	ch := web.Chart{ID: "chart-latency", Title: p.T("stats.latency.title"), Desc: p.T("stats.latency.desc"),
		XLabel: p.T("stats.month"), YLabel: p.T("stats.ms")}
	p50, p90, p99 := web.Series{Name: "p50"}, web.Series{Name: "p90"}, web.Series{Name: "p99"}
	for _, r := range rows {
		ch.Labels = append(ch.Labels, p.Month(r.Month))
		p50.Values, p90.Values, p99.Values = append(p50.Values, r.P50), append(p90.Values, r.P90), append(p99.Values, r.P99)
	}
	ch.Series = []web.Series{p50, p90, p99}
	return ch.Line()
}
