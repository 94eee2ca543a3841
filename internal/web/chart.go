package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Chart is a bar or line chart rendered on the server as SVG. The SVG has
// role="img" and is labelled by its <title> and <desc>, so a screen reader
// announces it; the page gives the same numbers as a table too.
type Chart struct {
	// ID is unique on the page; it prefixes the ids of the title and desc.
	ID string
	// Title and Desc are already translated; Desc says what the chart shows
	// in a sentence.
	Title, Desc string
	// Labels name the categories along the x axis (months, reasons).
	Labels []string
	// Series are the plotted values, one per label each.
	Series []Series
	// XLabel and YLabel name the axes.
	XLabel, YLabel string
}

// Series is one named row of values.
type Series struct {
	Name   string
	Values []float64
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH         = 720.0, 360.0
	padL, padR, padT, padB = 72.0, 16.0, 40.0, 64.0
	chartTicks             = 5
	maxXLabels             = 12
	legendStep             = 150.0
	barGap                 = 0.2
	lineDot                = 3.5
	labelChars             = 14
)

// palette holds series colours with at least 3:1 contrast against white
// (WCAG 1.4.11), distinguishable without red-green vision.
var palette = []string{"#0b4f8a", "#c2410c", "#116329", "#6b21a8", "#7a4b00", "#374151"}

// Bar renders the chart as grouped vertical bars.
func (c Chart) Bar() template.HTML {
	return c.render(func(b *strings.Builder, f frame) {
		n := max(1, len(c.Series))
		slot := f.w / float64(max(1, len(c.Labels)))
		bw := slot * (1 - barGap) / float64(n)
		for si, s := range c.Series {
			for i, v := range s.Values {
				if i >= len(c.Labels) {
					break
				}
				x := padL + float64(i)*slot + slot*barGap/2 + float64(si)*bw
				y := f.y(v)
				fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
					num(x), num(y), num(bw), num(f.y(0)-y), color(si), esc(c.Labels[i]+", "+s.Name+": "+formatTick(v)))
			}
		}
	})
}

// Line renders the chart as one line per series with a dot at each value.
func (c Chart) Line() template.HTML {
	return c.render(func(b *strings.Builder, f frame) {
		slot := f.w / float64(max(1, len(c.Labels)))
		for si, s := range c.Series {
			var pts []string
			var dots strings.Builder
			for i, v := range s.Values {
				if i >= len(c.Labels) {
					break
				}
				x, y := padL+slot*(float64(i)+0.5), f.y(v)
				pts = append(pts, num(x)+","+num(y))
				fmt.Fprintf(&dots, `<circle cx="%s" cy="%s" r="%s" fill="%s"><title>%s</title></circle>`,
					num(x), num(y), num(lineDot), color(si), esc(c.Labels[i]+", "+s.Name+": "+formatTick(v)))
			}
			fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(pts, " "), color(si))
			b.WriteString(dots.String())
		}
	})
}

// frame maps values onto the plot area.
type frame struct {
	w, h, top float64
}

func (f frame) y(v float64) float64 { return padT + f.h - f.h*math.Max(0, v)/f.top }

func (c Chart) render(plot func(*strings.Builder, frame)) template.HTML {
	f := frame{w: chartW - padL - padR, h: chartH - padT - padB, top: niceCeil(c.maxValue())}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %s %s" role="img" aria-labelledby="%s-title %s-desc">`,
		num(chartW), num(chartH), esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`, num(chartW), num(chartH))
	c.yAxis(&b, f)
	plot(&b, f)
	c.xAxis(&b, f)
	c.legend(&b)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text in it went through esc
}

func (c Chart) yAxis(b *strings.Builder, f frame) {
	for i := 0; i <= chartTicks; i++ {
		v := f.top * float64(i) / chartTicks
		y := f.y(v)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#c9ced6" stroke-width="1"/>`, num(padL), num(y), num(chartW-padR), num(y))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="#1b1f24">%s</text>`, num(padL-6), num(y+4), esc(formatTick(v)))
	}
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text x="14" y="%s" transform="rotate(-90 14 %s)" text-anchor="middle" font-size="12" fill="#1b1f24">%s</text>`,
			num(padT+f.h/2), num(padT+f.h/2), esc(c.YLabel))
	}
}

func (c Chart) xAxis(b *strings.Builder, f frame) {
	base := f.y(0)
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#1b1f24" stroke-width="1"/>`, num(padL), num(base), num(chartW-padR), num(base))
	slot := f.w / float64(max(1, len(c.Labels)))
	every := max(1, (len(c.Labels)+maxXLabels-1)/maxXLabels)
	for i, l := range c.Labels {
		if i%every != 0 {
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="#1b1f24">%s</text>`,
			num(padL+slot*(float64(i)+0.5)), num(base+18), esc(shorten(l)))
	}
	if c.XLabel != "" {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle" font-size="12" fill="#1b1f24">%s</text>`,
			num(padL+f.w/2), num(chartH-12), esc(c.XLabel))
	}
}

func (c Chart) legend(b *strings.Builder) {
	for i, s := range c.Series {
		x := padL + float64(i)*legendStep
		fmt.Fprintf(b, `<rect x="%s" y="12" width="14" height="14" fill="%s"/>`, num(x), color(i))
		fmt.Fprintf(b, `<text x="%s" y="24" font-size="12" fill="#1b1f24">%s</text>`, num(x+20), esc(shorten(s.Name)))
	}
}

func (c Chart) maxValue() float64 {
	m := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			m = math.Max(m, v)
		}
	}
	return m
}

// niceCeil rounds m up to 1, 2, 2.5 or 5 times a power of ten, so the
// ticks fall on round numbers; an empty chart gets 1.
func niceCeil(m float64) float64 {
	if m <= 0 || math.IsNaN(m) || math.IsInf(m, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(m)))
	for _, k := range []float64{1, 2, 2.5, 5, 10} {
		if k*p >= m {
			return k * p
		}
	}
	return 10 * p
}

func formatTick(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return FormatNumber(int64(v))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) <= labelChars {
		return s
	}
	return string(r[:labelChars-1]) + "…"
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
func color(i int) string   { return palette[i%len(palette)] }
func esc(s string) string  { return html.EscapeString(s) }
