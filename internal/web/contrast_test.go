package web

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"testing"
)

// luminance is the WCAG 2.2 relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var l [3]float64
	for i := range l {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// TestContrast checks the stylesheet's colours against WCAG 2.2 AA: 4.5:1
// for text on the page and the tint, 3:1 for the focus outline and the
// chart marks (1.4.11).
func TestContrast(t *testing.T) {
	css, err := fs.ReadFile(staticFS, "app.css")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-fA-F]{6});`).FindAllStringSubmatch(string(css), -1) {
		vars[m[1]] = m[2]
	}
	text := []struct{ fg, bg string }{
		{"ink", "paper"}, {"muted", "paper"}, {"link", "paper"}, {"ok", "paper"}, {"bad", "paper"}, {"warn", "paper"},
		{"ink", "tint"}, {"muted", "tint"}, {"link", "tint"}, {"brand-ink", "brand"}, {"brand", "paper"},
	}
	for _, p := range text {
		if vars[p.fg] == "" || vars[p.bg] == "" {
			t.Fatalf("app.css lacks --%s or --%s", p.fg, p.bg)
		}
		if r := contrast(t, vars[p.fg], vars[p.bg]); r < 4.5 {
			t.Errorf("--%s on --%s: %.2f:1, want 4.5:1", p.fg, p.bg, r)
		}
	}
	if r := contrast(t, vars["focus"], vars["paper"]); r < 3 {
		t.Errorf("focus outline: %.2f:1, want 3:1", r)
	}
	// In the header the outline takes the header's text colour.
	if !regexp.MustCompile(`header\.site :focus-visible \{ outline-color: var\(--brand-ink\); \}`).Match(css) {
		t.Error("no focus outline colour for the header")
	}
	for _, c := range palette {
		if r := contrast(t, c, "#ffffff"); r < 3 {
			t.Errorf("chart colour %s: %.2f:1 on white, want 3:1", c, r)
		}
	}
}
