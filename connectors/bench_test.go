package connectors_test

import (
	"context"
	"testing"

	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors/sim/simtest"
)

// benchFetch measures fetches of dataset id over loopback mTLS with
// keep-alive, cycling through keys.
func benchFetch(b *testing.B, id string, key func(n int) string, parallel bool) {
	f := newFixture(b)
	ds := dataset(b, id)
	ctx := context.Background()
	if _, err := f.reg.Fetch(ctx, ds, key(0)); err != nil { // warm the connection
		b.Fatal(err)
	}
	b.ReportAllocs()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for n := 0; pb.Next(); n++ {
				if _, err := f.reg.Fetch(ctx, ds, key(n)); err != nil {
					b.Error(err)
					return
				}
			}
		})
		return
	}
	n := 0
	for b.Loop() {
		if _, err := f.reg.Fetch(ctx, ds, key(n)); err != nil {
			b.Fatal(err)
		}
		n++
	}
}

func personKey(n int) string  { return demo.PersonKey(n * 7919 % simtest.Data().Persons()) }
func companyKey(n int) string { return demo.CompanyKey(n * 7919 % simtest.Data().Companies()) }

func BenchmarkFetchPerson(b *testing.B)  { benchFetch(b, demo.PersonDataset, personKey, false) }
func BenchmarkFetchCompany(b *testing.B) { benchFetch(b, demo.CompanyDataset, companyKey, false) }
func BenchmarkFetchPersonParallel(b *testing.B) {
	benchFetch(b, demo.PersonDataset, personKey, true)
}
