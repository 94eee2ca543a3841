package opendata_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
)

// countingStore records what Sync hands it.
type countingStore struct {
	mu    sync.Mutex
	calls map[string]int
	fail  error
}

func (s *countingStore) Sync(_ context.Context, source string, pkgs []opendata.Package) (opendata.SyncResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[source]++
	return opendata.SyncResult{Unchanged: len(pkgs)}, s.fail
}

type failingProvider struct{}

func (failingProvider) Source() string { return "broken" }
func (failingProvider) Packages(context.Context) ([]opendata.Package, error) {
	return nil, errors.New("upstream gone")
}

func TestSync(t *testing.T) {
	store := &countingStore{calls: map[string]int{}}
	r, err := opendata.Sync(context.Background(), store, opendata.CatalogProvider(fakeCatalog{}, opendata.CatalogConfig{WebURL: "http://x", APIURL: "https://y"}))
	if err != nil || r.Unchanged != 6 || store.calls[opendata.CatalogSource] != 1 {
		t.Fatalf("Sync = %+v, %v; calls %v", r, err, store.calls)
	}
	if _, err := opendata.Sync(context.Background(), store, failingProvider{}); err == nil || store.calls["broken"] != 0 {
		t.Errorf("a failing provider: err %v, store called %d times", err, store.calls["broken"])
	}
}

func TestRunSync(t *testing.T) {
	store := &countingStore{calls: map[string]int{}, fail: errors.New("database down")}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var failures int
	done := make(chan struct{})
	go func() {
		opendata.RunSync(ctx, store, 10*time.Millisecond, func(error) { mu.Lock(); failures++; mu.Unlock() },
			opendata.CatalogProvider(fakeCatalog{}, opendata.CatalogConfig{WebURL: "http://x", APIURL: "https://y"}))
		close(done)
	}()
	time.Sleep(60 * time.Millisecond)
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if store.calls[opendata.CatalogSource] < 2 || failures < 2 {
		t.Errorf("RunSync synced %d times and reported %d failures, want several of each", store.calls[opendata.CatalogSource], failures)
	}
}
