package stats

import "testing"

func TestBucketAndPercentile(t *testing.T) {
	cases := []struct {
		micros int64
		bucket int
	}{
		{0, 0}, {100, 0}, {101, 1}, {125, 1}, {126, 2}, {1_000, 11}, {1_000_000_000, Buckets - 1},
	}
	for _, c := range cases {
		if got := Bucket(c.micros); got != c.bucket {
			t.Errorf("Bucket(%d) = %d, want %d", c.micros, got, c.bucket)
		}
		if c.bucket < Buckets-1 && BucketUpper(Bucket(c.micros)) < c.micros {
			t.Errorf("bucket of %d µs ends at %d µs, below it", c.micros, BucketUpper(Bucket(c.micros)))
		}
	}
	h := make([]int64, Buckets)
	for i := int64(1); i <= 100; i++ {
		h[Bucket(i*1000)]++ // 1 ms … 100 ms
	}
	for _, c := range []struct {
		p      float64
		lo, hi int64
	}{{50, 50_000, 62_500}, {90, 90_000, 112_500}, {99, 99_000, 123_750}} {
		if got := Percentile(h, c.p); got < c.lo || got > c.hi {
			t.Errorf("p%v = %d µs, want within [%d, %d]", c.p, got, c.lo, c.hi)
		}
	}
	if Percentile(make([]int64, Buckets), 50) != 0 {
		t.Error("an empty histogram has a median")
	}
}
