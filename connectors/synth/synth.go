package synth

import (
	"sort"
	"sync"
	"time"
)

// Defaults of Config.
const (
	// DefaultSeed is the seed `gdx demo` and the tests use.
	DefaultSeed uint64 = 20240101
	// DefaultPersons is the default number of persons.
	DefaultPersons = 100_000
	// DefaultCompanies is the default number of companies.
	DefaultCompanies = 20_000
	// maxPersons keeps house ids within demo.HouseKey's seven digits.
	maxPersons = 10_000_000
)

// AsOf is the date the synthetic registries describe: ages, titles and
// deaths are as of this day, so that records do not change with the clock.
var AsOf = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// Config chooses the synthetic population. The zero value gives the defaults.
type Config struct {
	// Seed selects the population; the same seed gives the same records.
	Seed uint64
	// Persons is the number of persons (default DefaultPersons, at most
	// 10,000,000).
	Persons int
	// Companies is the number of companies (default DefaultCompanies).
	Companies int
}

// Generator computes records on demand. It is safe for concurrent use.
type Generator struct {
	seed      uint64
	persons   int
	companies int

	once   sync.Once
	starts []int32 // starts[h] is house h's first member; starts[len-1] = persons
}

// New returns a generator for cfg, filling in defaults. It does no work
// up front.
func New(cfg Config) *Generator {
	if cfg.Seed == 0 {
		cfg.Seed = DefaultSeed
	}
	if cfg.Persons <= 0 {
		cfg.Persons = DefaultPersons
	}
	cfg.Persons = min(cfg.Persons, maxPersons)
	if cfg.Companies <= 0 {
		cfg.Companies = DefaultCompanies
	}
	return &Generator{seed: cfg.Seed, persons: cfg.Persons, companies: cfg.Companies}
}

// Persons returns the number of persons; person n exists for 0 ≤ n < Persons.
func (g *Generator) Persons() int { return g.persons }

// Companies returns the number of companies.
func (g *Generator) Companies() int { return g.companies }

// Houses returns the number of houses; it builds the house table on first use.
func (g *Generator) Houses() int { return len(g.layout()) - 1 }

// layout returns the first member of every house, built once: house sizes
// are drawn per house, so finding a person's house needs the running total.
func (g *Generator) layout() []int32 {
	g.once.Do(func() {
		starts := make([]int32, 0, g.persons/3+2)
		for next, h := 0, 0; next < g.persons; h++ {
			starts = append(starts, int32(next))
			next += houseSize(g.rng(streamHouseSize, h))
		}
		g.starts = append(starts, int32(g.persons))
	})
	return g.starts
}

// houseOf returns the index of the house person n is registered in.
func (g *Generator) houseOf(n int) int {
	starts := g.layout()
	return sort.Search(len(starts)-1, func(h int) bool { return int(starts[h+1]) > n })
}

// houseSize draws a household size of 1–6, about three on average.
func houseSize(r rng) int {
	switch v := r.intn(100); {
	case v < 15:
		return 1
	case v < 40:
		return 2
	case v < 65:
		return 3
	case v < 85:
		return 4
	case v < 95:
		return 5
	default:
		return 6
	}
}

// Random streams: each kind of record draws from its own sequence.
const (
	streamPerson uint64 = iota + 1
	streamHouse
	streamHouseSize
	streamCompany
)

// rng is a splitmix64 generator: tiny, fast and good enough for test data.
type rng struct{ s uint64 }

// rng returns the generator of record n in stream.
func (g *Generator) rng(stream uint64, n int) rng {
	r := rng{s: g.seed ^ stream<<56}
	r.s = r.next() ^ uint64(n)*0xD1B54A32D192ED03
	r.next()
	return r
}

// next returns the next 64 random bits.
func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// pct reports true with probability p per cent.
func (r *rng) pct(p int) bool { return r.intn(100) < p }

// pick returns a random element of s.
func pick[T any](r *rng, s []T) T { return s[r.intn(len(s))] }

// weighted returns an index drawn by the running totals cum.
func (r *rng) weighted(cum []int) int {
	v := r.intn(cum[len(cum)-1])
	return sort.SearchInts(cum, v+1)
}

// dayBetween returns a date in [from, to).
func (r *rng) dayBetween(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, r.intn(days))
}
