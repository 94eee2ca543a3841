package synth

import "testing"

func TestEveryProvinceHasASeatInThailand(t *testing.T) {
	if len(Provinces()) != 77 || len(seats) != 77 {
		t.Fatalf("%d provinces, %d seats; want 77 of each", len(Provinces()), len(seats))
	}
	for _, p := range Provinces() {
		lat, lon := p.Seat()
		if lat < 5.6 || lat > 20.5 || lon < 97.3 || lon > 105.7 {
			t.Errorf("%s: seat %.4f, %.4f is outside Thailand", p.NameEN, lat, lon)
		}
		if p.Share() < 1 {
			t.Errorf("%s: share %d", p.NameEN, p.Share())
		}
	}
	// Spot checks against well-known places.
	for name, want := range map[string][2]float64{"Bangkok": {13.75, 100.50}, "Chiang Mai": {18.79, 98.99}, "Phuket": {7.88, 98.39}} {
		for _, p := range Provinces() {
			if p.NameEN == name {
				if lat, lon := p.Seat(); abs(lat-want[0]) > 0.05 || abs(lon-want[1]) > 0.05 {
					t.Errorf("%s: seat %.4f, %.4f, want about %v", name, lat, lon, want)
				}
			}
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
