package portal

import (
	"testing"

	"github.com/gdx-exchange/gdx/internal/goldentest"
	"rsc.io/qr"
)

// TestQRGolden pins the QR code of one licence address, and checks the
// drawing has a square for every dark module of the code.
func TestQRGolden(t *testing.T) {
	const u = "http://127.0.0.1:8080/licences/DLA/12/2567"
	svg, err := qrSVG(u, qrID, "QR code of licence 12/2567", "Opens "+u)
	if err != nil {
		t.Fatal(err)
	}
	goldentest.Check(t, "licence-qr.svg", string(svg))
	code, err := qr.Encode(u, qr.M)
	if err != nil {
		t.Fatal(err)
	}
	dark := 0
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				dark++
			}
		}
	}
	if n := countSquares(string(svg)); n != dark || dark == 0 {
		t.Errorf("%d squares drawn for %d dark modules", n, dark)
	}
}

func countSquares(svg string) int {
	n := 0
	for i := 0; i+len("h1v1h-1z") <= len(svg); i++ {
		if svg[i:i+len("h1v1h-1z")] == "h1v1h-1z" {
			n++
		}
	}
	return n
}
