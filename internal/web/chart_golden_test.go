package web

import (
	"testing"

	"github.com/gdx-exchange/gdx/internal/goldentest"
)

// TestChartGolden pins the charts' SVG: a change to the drawing shows as
// a reviewable diff (go test -update rewrites the files).
func TestChartGolden(t *testing.T) {
	c := Chart{ID: "vol", Title: "คำขอรายเดือน", Desc: "Requests per month, answered and denied.", XLabel: "month", YLabel: "requests",
		Labels: []string{"ต.ค. 2569", "พ.ย. 2569", "ธ.ค. 2569"},
		Series: []Series{{"allow", []float64{1200, 1500, 900}}, {"deny", []float64{30, 45, 12.5}}}}
	goldentest.Check(t, "bar.svg", string(c.Bar()))
	goldentest.Check(t, "line.svg", string(c.Line()))
}
