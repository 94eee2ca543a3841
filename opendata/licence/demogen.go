package licence

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/gdx-exchange/gdx/connectors/synth"
)

// demoAsOf is the day the demo data describes: licences are issued up to
// it, and statuses are as the agencies recorded them then. It is fixed so
// that the data does not change with the clock; as real days pass, more
// licences read as expired, as unrenewed licences do.
var demoAsOf = MakeDate(2026, time.November, 30)

// Random streams: each part of a licence draws from its own sequence, so
// that the key can be computed without the rest.
const (
	streamKey uint64 = iota + 1
	streamLicensee
	streamPlace
)

func (g *demoGen) rng(stream uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed^stream<<56, uint64(i)*0x9E3779B97F4A7C15+stream))
}

// kindOf returns the kind of licence i and i's place among that kind's.
func (g *demoGen) kindOf(i int) (demoKind, int) {
	k := sort.Search(len(demoKinds), func(k int) bool { return g.kindStart[k+1] > i })
	return demoKinds[k], i - g.kindStart[k]
}

// dated returns licence i's issuer and number, and its dates.
func (g *demoGen) dated(i int) (Key, Date, Date) {
	kind, seq := g.kindOf(i)
	r := g.rng(streamKey, i)
	issued := issueDate(r, kind.validYears)
	var expires Date
	switch kind.validYears {
	case 0:
	case -1:
		expires = MakeDate(issued.Time().Year(), time.December, 31)
	default:
		expires = issued.AddDate(kind.validYears, 0, -1)
	}
	be := issued.Time().Year() + buddhistEraOffset
	number := fmt.Sprintf("%s-%d-%06d", kind.prefix, be, seq+1)
	switch kind.typ {
	case TypeHotel: // hotel licences are numbered "ลำดับ/ปี"
		number = fmt.Sprintf("%06d/%d", seq+1, be)
	case TypeFactory: // factory licences have no expiry and keep their number
		number = fmt.Sprintf("%s3-%06d", kind.prefix, seq+1)
	}
	return Key{Issuer: kind.issuer, Number: number}, issued, expires
}

// key returns licence i's issuer and number.
func (g *demoGen) key(i int) Key { k, _, _ := g.dated(i); return k }

// issueDate draws the date of issue (or of the last renewal): most annual
// licences were renewed within the year, some were left to lapse.
func issueDate(r *rand.Rand, validYears int) Date {
	back := func(days int) Date { return demoAsOf.AddDate(0, 0, -r.IntN(days)) }
	switch {
	case validYears == 0:
		return back(30 * 365)
	case validYears == -1 && r.IntN(100) < 85:
		return back(demoAsOf.Time().YearDay())
	case validYears > 1:
		return back(validYears*365 + 2*365)
	case r.IntN(100) < 80:
		return back(365)
	}
	return back(6 * 365)
}

// licence computes demo licence i.
func (g *demoGen) licence(i int) Licence {
	kind, _ := g.kindOf(i)
	key, issued, expires := g.dated(i)
	l := Licence{Number: key.Number, Type: kind.typ, Issuer: key.Issuer, IssuedOn: issued, ExpiresOn: expires}
	r := g.rng(streamLicensee, i)
	home := g.licensee(r, kind, &l)
	l.Location = g.place(g.rng(streamPlace, i), home)
	l.Office = office(kind.issuer, l.Location)
	l.Status = demoStatus(r, expires)
	return l
}

// licensee fills in the holder and returns the province and district of
// its registered address, where the business usually is.
func (g *demoGen) licensee(r *rand.Rand, kind demoKind, l *Licence) synth.Address {
	if r.IntN(100) < kind.naturalPct {
		p := g.adult(r)
		l.Licensee = Licensee{Kind: Natural, PersonName: p.Title + p.FirstTH + " " + p.LastTH, CitizenID: p.CitizenID,
			BusinessName: fmt.Sprintf(kind.tradeNames[r.IntN(len(kind.tradeNames))], p.FirstTH)}
		return p.Address
	}
	objective := kind.objectives[r.IntN(len(kind.objectives))]
	fits := g.companies()[objective]
	c := fits[r.IntN(len(fits))]
	name := c.nameTH
	if r.IntN(100) < 4 {
		name = c.nameEN
	}
	l.Licensee = Licensee{Kind: Juristic, BusinessName: name, JuristicID: c.id}
	return c.address
}

// adult draws a living person of twenty or more.
func (g *demoGen) adult(r *rand.Rand) synth.Person {
	var p synth.Person
	for range 8 {
		p, _ = g.people.Person(r.IntN(g.people.Persons()))
		if !p.Deceased && synth.AsOf.Sub(p.BirthDate) > 20*365*24*time.Hour {
			break
		}
	}
	return p
}

// place draws where the business is: at the licensee's address half the
// time, else anywhere, by the provinces' shares. Businesses in a
// province's seat district get coordinates near the seat.
func (g *demoGen) place(r *rand.Rand, home synth.Address) Location {
	provs := synth.Provinces()
	var prov synth.Province
	var dist synth.District
	if r.IntN(2) == 0 {
		prov, dist = findPlace(home)
	}
	if prov.NameTH == "" {
		prov = provs[sort.SearchInts(g.provCum, r.IntN(g.provCum[len(g.provCum)-1])+1)]
		dist = prov.Districts[r.IntN(len(prov.Districts))]
	}
	loc := Location{Province: prov.NameTH, District: dist.NameTH, Subdistrict: dist.Subdistricts[r.IntN(len(dist.Subdistricts))]}
	if dist.NameTH == prov.Districts[0].NameTH && r.IntN(10) < 9 {
		lat, lon := prov.Seat()
		lat, lon = round5(lat+(r.Float64()-0.5)*0.04), round5(lon+(r.Float64()-0.5)*0.04)
		loc.Lat, loc.Lon = &lat, &lon
	}
	return loc
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

// findPlace returns the province and district of a synthetic address.
func findPlace(a synth.Address) (synth.Province, synth.District) {
	for _, p := range synth.Provinces() {
		if p.NameTH != a.Province {
			continue
		}
		for _, d := range p.Districts {
			if d.NameTH == a.District {
				return p, d
			}
		}
	}
	return synth.Province{}, synth.District{}
}

// demoStatus draws the status the agency recorded: mostly active, some
// suspended or revoked; about half the lapsed licences are marked expired
// (the rest still say active and read as expired).
func demoStatus(r *rand.Rand, expires Date) Status {
	switch v := r.IntN(100); {
	case v < 3:
		return StatusRevoked
	case v < 7:
		return StatusSuspended
	case !expires.IsZero() && expires.Before(demoAsOf) && v < 55:
		return StatusExpired
	}
	return StatusActive
}

// office names the issuing office for a business at loc.
func office(issuer string, loc Location) string {
	bangkok := loc.Province == "กรุงเทพมหานคร"
	switch {
	case issuer == DemoDLA && bangkok:
		return "สำนักงานเขต" + loc.District
	case issuer == DemoDLA && loc.District == "เมือง"+loc.Province:
		return "เทศบาลเมือง" + loc.Province
	case issuer == DemoDLA:
		return "องค์การบริหารส่วนตำบล" + loc.Subdistrict
	case bangkok:
		return map[string]string{DemoDOPA: "กรมการปกครอง", DemoDIW: "กรมโรงงานอุตสาหกรรม", DemoFDA: "สำนักงานคณะกรรมการอาหารและยา"}[issuer]
	}
	return map[string]string{DemoDOPA: "ที่ทำการปกครองจังหวัด", DemoDIW: "สำนักงานอุตสาหกรรมจังหวัด", DemoFDA: "สำนักงานสาธารณสุขจังหวัด"}[issuer] + loc.Province
}
