package portal_test

import (
	"sync"
	"testing"

	"github.com/gdx-exchange/gdx/opendata"
)

// TestRefreshOnChange changes the stored packages while pages are being
// served: every page answers, and the next one shows the change.
func TestRefreshOnChange(t *testing.T) {
	f := newFixture(t, 2)
	before := count(t, f.get(t, "/datasets").Body)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if p := f.get(t, "/datasets?organization=dla"); p.Status != 200 {
					t.Errorf("status %d during a sync", p.Status)
				}
			}
		}()
	}
	if _, err := opendata.Sync(ctx, f.store, &listProvider{"licences", licencePackages(7)}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if after := count(t, f.get(t, "/datasets").Body); after != before+5 {
		t.Errorf("after the sync %d datasets, want %d", after, before+5)
	}
}
