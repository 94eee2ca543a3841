package portal

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"rsc.io/qr"
)

// qrQuiet is the quiet zone around a QR code, in modules (ISO/IEC 18004
// asks for four).
const qrQuiet = 4

// qrID prefixes the ids of the code's title and desc.
const qrID = "licence-qr"

// qrSVG draws text as a QR code (error correction level M, which survives
// a scuffed print) in SVG: one path of unit squares, black on white,
// labelled for screen readers by its title and desc.
func qrSVG(text, id, title, desc string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("encode QR code: %w", err)
	}
	n := code.Size + 2*qrQuiet
	var d strings.Builder
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; x++ {
			if code.Black(x, y) {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+qrQuiet, y+qrQuiet)
			}
		}
	}
	id = html.EscapeString(id)
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" shape-rendering="crispEdges">`+
		`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc><rect width="%d" height="%d" fill="#ffffff"/><path fill="#000000" d="%s"/></svg>`,
		n, n, id, id, id, html.EscapeString(title), id, html.EscapeString(desc), n, n, d.String())
	return template.HTML(svg), nil //nolint:gosec // the texts are escaped above
}
