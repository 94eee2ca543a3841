package licence

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

// DemoCount is the number of licences the demo seeds.
const DemoCount = 200_000

// DemoConfig chooses the demo licences. The zero value gives the demo's.
type DemoConfig struct {
	// Seed selects the data (synth.DefaultSeed when 0): the same seed
	// gives the same licences, whose licensees are the synthetic companies
	// and persons of the registry simulators with the same seed.
	Seed uint64
	// Count is the number of licences (DemoCount when 0).
	Count int
	// Progress, if not nil, is called after every batch written; its Rows
	// count up to Count, for a progress bar.
	Progress func(Progress)
}

// SeedDemo loads the demo's licences into s, unless they are already
// there, and returns how many it wrote (0 on a warm start). The warm-start
// check is one lookup: licences are written in a fixed order, one
// transaction a batch, so the last one exists only when all do. A seed cut
// short is finished by the next call; the licences already written come
// back unchanged.
func SeedDemo(ctx context.Context, s Store) (int, error) { return SeedDemoWith(ctx, s, DemoConfig{}) }

// SeedDemoWith is SeedDemo with a chosen configuration.
func SeedDemoWith(ctx context.Context, s Store, cfg DemoConfig) (int, error) {
	g := newDemoGen(cfg)
	last := g.key(g.count - 1)
	_, err := s.Find(ctx, last.Issuer, last.Number)
	if err == nil {
		return 0, nil
	}
	if !catalog.IsKind(err, catalog.KindNotFound) {
		return 0, fmt.Errorf("seed demo licences: %w", err)
	}
	return g.write(ctx, s, cfg.Progress)
}

// DemoLicences returns the demo licences in order, computed as they are
// read, e.g. for WriteCSV to write a sample import file.
func DemoLicences(cfg DemoConfig) iter.Seq[Licence] {
	return func(yield func(Licence) bool) {
		g := newDemoGen(cfg)
		for i := range g.count {
			if !yield(g.licence(i)) {
				return
			}
		}
	}
}

// write generates the licences on one goroutine and writes them on this
// one, a batch of one issuer at a time.
func (g *demoGen) write(ctx context.Context, s Store, progress func(Progress)) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []Licence, 2)
	go g.produce(ctx, batches)
	var p Progress
	for batch := range batches {
		c, err := s.Upsert(ctx, batch[0].Issuer, batch)
		if err != nil {
			return p.Inserted + p.Updated, fmt.Errorf("seed demo licences: %w", err)
		}
		p.Rows += len(batch)
		p.Counts.Add(c)
		if progress != nil {
			progress(p)
		}
	}
	if err := ctx.Err(); err != nil {
		return p.Inserted + p.Updated, err
	}
	return p.Inserted + p.Updated, nil
}

// produce sends the licences in batches of at most ImportBatch, each of
// one issuer, and closes out.
func (g *demoGen) produce(ctx context.Context, out chan<- []Licence) {
	defer close(out)
	batch := make([]Licence, 0, ImportBatch)
	send := func() bool {
		select {
		case out <- batch:
			batch = make([]Licence, 0, ImportBatch)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for i := range g.count {
		l := g.licence(i)
		if len(batch) == ImportBatch || len(batch) > 0 && batch[0].Issuer != l.Issuer {
			if !send() {
				return
			}
		}
		batch = append(batch, l)
	}
	if len(batch) > 0 {
		send()
	}
}

// demoGen computes demo licence i from the seed and i alone.
type demoGen struct {
	seed      uint64
	count     int
	people    *synth.Generator
	kindStart []int // kindStart[k] is the first licence of demoKinds[k]; the last entry is count
	provCum   []int // running totals of the provinces' shares

	once        sync.Once
	byObjective map[string][]demoCompany // the synthetic companies by business objective
}

// demoCompany is what a licence needs of a synthetic company.
type demoCompany struct {
	id, nameTH, nameEN string
	address            synth.Address
}

func newDemoGen(cfg DemoConfig) *demoGen {
	if cfg.Seed == 0 {
		cfg.Seed = synth.DefaultSeed
	}
	if cfg.Count <= 0 {
		cfg.Count = DemoCount
	}
	g := &demoGen{seed: cfg.Seed, count: cfg.Count, people: synth.New(synth.Config{Seed: cfg.Seed})}
	cum := 0
	for _, k := range demoKinds {
		g.kindStart = append(g.kindStart, cum*cfg.Count/1000)
		cum += k.share
	}
	g.kindStart = append(g.kindStart, cfg.Count)
	total := 0
	for _, p := range synth.Provinces() {
		total += p.Share()
		g.provCum = append(g.provCum, total)
	}
	return g
}

// companies returns the synthetic companies by business objective, built
// once on first use (not on a warm start).
func (g *demoGen) companies() map[string][]demoCompany {
	g.once.Do(func() {
		g.byObjective = map[string][]demoCompany{}
		for n := range g.people.Companies() {
			c, _ := g.people.Company(n)
			g.byObjective[c.ObjectiveCode] = append(g.byObjective[c.ObjectiveCode],
				demoCompany{c.JuristicID, c.NameTH, c.NameEN, c.Address})
		}
	})
	return g.byObjective
}
