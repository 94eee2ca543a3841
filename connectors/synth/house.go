package synth

import (
	"strconv"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

// Address is a registered address as the civil registry records it.
type Address struct {
	HouseNo string
	// VillageNo is the หมู่ number; 0 where there is none (as in Bangkok).
	VillageNo   int
	Alley       string // ซอย, may be empty
	Road        string // ถนน, may be empty
	Subdistrict string
	District    string
	Province    string
	Postcode    string
}

// House is a house registration (ทะเบียนบ้าน) and the persons in it.
type House struct {
	Index   int
	ID      string
	Address Address
	// Members are the indexes of the persons registered in the house; the
	// first is the head of the house (เจ้าบ้าน).
	Members  []int
	family   name   // family name most members share
	religion string // the family's religion
	muslim   bool
}

// House returns house n, or false when there is no such house.
func (g *Generator) House(n int) (House, bool) {
	starts := g.layout()
	if n < 0 || n >= len(starts)-1 {
		return House{}, false
	}
	h := g.house(n)
	for p := int(starts[n]); p < int(starts[n+1]); p++ {
		h.Members = append(h.Members, p)
	}
	return h, true
}

// HouseByID returns the house with the 11-digit house id, if it exists.
func (g *Generator) HouseByID(id string) (House, bool) {
	if len(id) != len(demo.HouseKey(0)) || id[:4] != demo.HouseKey(0)[:4] {
		return House{}, false
	}
	n, err := strconv.Atoi(id[4:])
	if err != nil || demo.HouseKey(n) != id {
		return House{}, false
	}
	return g.House(n)
}

// house computes house n without its member list.
func (g *Generator) house(n int) House {
	r := g.rng(streamHouse, n)
	prov := provinces[r.weighted(provinceWeights)]
	rel := religion(&r, prov.muslimPct)
	muslim := rel == Islam
	return House{
		Index:    n,
		ID:       demo.HouseKey(n),
		Address:  address(&r, prov),
		family:   surname(&r, muslim),
		religion: rel,
		muslim:   muslim,
	}
}

// Alley and road names seen all over the country.
var (
	alleys = []string{"ร่วมใจ", "สุขสันต์", "เจริญสุข", "ประชาร่วมใจ", "วัดกลาง", "สามัคคี", "ศรีสมบูรณ์", "มิตรภาพ"}
	roads  = []string{"พหลโยธิน", "สุขุมวิท", "เพชรเกษม", "มิตรภาพ", "ราษฎร์ดำเนิน", "เจริญราษฎร์", "ประชาสามัคคี", "ศรีสุริยวงศ์", "นิมมานเหมินท์", "รัชดาภิเษก"}
)

// address draws an address in province prov.
func address(r *rng, prov Province) Address {
	d := pick(r, prov.Districts)
	sub := pick(r, d.Subdistricts)
	if len(d.Subdistricts) == 1 && r.pct(50) {
		sub = pick(r, commonSubdistricts)
	}
	a := Address{
		HouseNo:     strconv.Itoa(1 + r.intn(400)),
		Subdistrict: sub,
		District:    d.NameTH,
		Province:    prov.NameTH,
		Postcode:    d.Postcode,
	}
	if r.pct(30) {
		a.HouseNo += "/" + strconv.Itoa(1+r.intn(60))
	}
	if prov.NameEN != "Bangkok" { // Bangkok addresses have no หมู่
		a.VillageNo = 1 + r.intn(15)
	}
	if r.pct(40) {
		a.Alley = pick(r, alleys) + " " + strconv.Itoa(1+r.intn(30))
	}
	if r.pct(55) {
		a.Road = pick(r, roads)
	}
	return a
}
