package console

import (
	"html/template"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/web"
)

// Traffic bounds: the days and months a chart covers, and how many
// events it reads at most (the page says when it stopped short).
const (
	trafficDays   = 30
	trafficMonths = 12
	trafficEvents = 50 * audit.MaxLimit
)

// trafficView is the data of the traffic page: the chart and its numbers.
type trafficView struct {
	view
	By        string // "day" or "month"
	Agency    string
	Dataset   string
	Rows      []trafficRow
	Chart     template.HTML
	Truncated bool
}

// trafficRow is one day's or month's requests.
type trafficRow struct {
	Label        string
	Allow, Other int64
}

// showTraffic draws the agency's requests per day (the last 30) or per
// month (the last 12) from the audit trail, allowed against denied or
// failed, as an SVG chart with the numbers in a table. The service
// scopes the events read to what the steward may see.
func (s *Server) showTraffic(c *gin.Context) {
	v := &trafficView{view: viewOf(c), By: c.DefaultQuery("by", "day"), Agency: c.Query("agency"), Dataset: c.Query("dataset")}
	if v.By != "month" {
		v.By = "day"
	}
	p := s.site.Page(c, "traffic.title", v)
	keys, from := s.buckets(v.By)
	counts := map[string]*trafficRow{}
	for _, k := range keys {
		counts[k] = &trafficRow{}
	}
	truncated, err := s.countTraffic(c, audit.Filter{Agency: v.Agency, Dataset: v.Dataset, From: from, Limit: audit.MaxLimit}, v.By, counts)
	if err != nil {
		s.refuse(c, err)
		return
	}
	v.Truncated = truncated
	for _, k := range keys {
		r := counts[k]
		r.Label = label(p, v.By, k)
		v.Rows = append(v.Rows, *r)
	}
	v.Chart = trafficChart(p, v.Rows)
	s.site.OK(c, "traffic", p)
}

// countTraffic reads the trail page by page through the service, at
// most trafficEvents events, and counts them into counts; it reports
// whether it stopped short.
func (s *Server) countTraffic(c *gin.Context, f audit.Filter, by string, counts map[string]*trafficRow) (bool, error) {
	for read := 0; read < trafficEvents; read += audit.MaxLimit {
		page, err := s.svc.AuditEvents(c.Request.Context(), caller(c), f)
		if err != nil {
			return false, err
		}
		tally(counts, page.Events, by)
		if f.Cursor = page.Next; f.Cursor == "" {
			return false, nil
		}
	}
	return true, nil
}

// buckets returns the keys of the days or months shown, oldest first,
// and the instant the first begins (Thai time).
func (s *Server) buckets(by string) ([]string, time.Time) {
	now := s.now().In(thaiTime)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, thaiTime)
	var keys []string
	if by == "month" {
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, thaiTime).AddDate(0, 1-trafficMonths, 0)
		for m := first; !m.After(today); m = m.AddDate(0, 1, 0) {
			keys = append(keys, m.Format("2006-01"))
		}
		return keys, first
	}
	first := today.AddDate(0, 0, 1-trafficDays)
	for d := first; !d.After(today); d = d.AddDate(0, 0, 1) {
		keys = append(keys, d.Format(time.DateOnly))
	}
	return keys, first
}

// tally counts the requests among events: lookups, batches, denials and
// authentication failures, not stewards' own actions.
func tally(counts map[string]*trafficRow, events []audit.Event, by string) {
	layout := time.DateOnly
	if by == "month" {
		layout = "2006-01"
	}
	for _, e := range events {
		if e.Kind == audit.KindAdmin || e.Kind == audit.KindWithhold {
			continue
		}
		r, ok := counts[e.Time.In(thaiTime).Format(layout)]
		if !ok {
			continue
		}
		if e.Decision == audit.DecisionAllow {
			r.Allow += int64(e.Occurrences())
		} else {
			r.Other += int64(e.Occurrences())
		}
	}
}

func label(p *web.Page, by, key string) string {
	if by == "month" {
		return p.Month(key)
	}
	d, _ := time.ParseInLocation(time.DateOnly, key, thaiTime)
	return p.Day(d)
}

func trafficChart(p *web.Page, rows []trafficRow) template.HTML {
	ch := web.Chart{ID: "chart-traffic", Title: p.T("traffic.chart.title"), Desc: p.T("traffic.chart.desc"),
		XLabel: p.T("traffic.period"), YLabel: p.T("traffic.requests")}
	allow, other := web.Series{Name: p.T("traffic.allow")}, web.Series{Name: p.T("traffic.other")}
	for _, r := range rows {
		ch.Labels = append(ch.Labels, r.Label)
		allow.Values, other.Values = append(allow.Values, float64(r.Allow)), append(other.Values, float64(r.Other))
	}
	ch.Series = []web.Series{allow, other}
	return ch.Bar()
}
