package synth

import (
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

// Sex is a person's registered sex.
type Sex string

// The sexes the civil registry records.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// Person is a civil-registry person record.
type Person struct {
	Index     int
	CitizenID string
	// Title is the Thai title (นาย, นาง, นางสาว, เด็กชาย, เด็กหญิง) as of
	// AsOf or the date of death; TitleEN is its English form.
	Title, TitleEN  string
	FirstTH, LastTH string
	FirstEN, LastEN string
	Sex             Sex
	BirthDate       time.Time
	Nationality     string
	Religion        string
	Deceased        bool
	DeathDate       time.Time // zero unless Deceased
	HouseIndex      int
	HouseID         string
	Address         Address
	HeadOfHouse     bool
	MovedIn         time.Time // registered in the house since
}

// Person returns person n, or false when there is no such person.
func (g *Generator) Person(n int) (Person, bool) {
	if n < 0 || n >= g.persons {
		return Person{}, false
	}
	hi := g.houseOf(n)
	return g.person(n, g.house(hi), int(g.layout()[hi]) == n), true
}

// PersonByID returns the person with the citizen id, if it exists.
func (g *Generator) PersonByID(id string) (Person, bool) {
	if len(id) != 13 || id[0] != '1' {
		return Person{}, false
	}
	n, err := strconv.Atoi(id[1:12])
	if err != nil || demo.PersonKey(n) != id {
		return Person{}, false
	}
	return g.Person(n)
}

// person computes person n living in house h.
func (g *Generator) person(n int, h House, head bool) Person {
	r := g.rng(streamPerson, n)
	p := Person{
		Index: n, CitizenID: demo.PersonKey(n), Sex: Female,
		Nationality: nationality(&r), Religion: h.religion,
		HouseIndex: h.Index, HouseID: h.ID, Address: h.Address, HeadOfHouse: head,
	}
	if r.pct(49) {
		p.Sex = Male
	}
	if !r.pct(95) {
		p.Religion = religion(&r, 0)
	}
	muslim := p.Religion == Islam
	given := givenName(&r, p.Sex, muslim)
	family := h.family
	if r.pct(15) || muslim != h.muslim {
		family = surname(&r, muslim)
	}
	p.FirstTH, p.FirstEN, p.LastTH, p.LastEN = given.th, given.en, family.th, family.en
	age := drawAge(&r, head)
	p.BirthDate = r.dayBetween(AsOf.AddDate(-age-1, 0, 1), AsOf.AddDate(-age, 0, 1))
	atAge := age
	if r.intn(800) < age {
		p.Deceased = true
		p.DeathDate = r.dayBetween(maxTime(p.BirthDate.AddDate(0, 0, 1), AsOf.AddDate(-10, 0, 0)), AsOf)
		atAge = yearsBetween(p.BirthDate, p.DeathDate)
	}
	p.Title, p.TitleEN = title(&r, p.Sex, atAge)
	until := AsOf.AddDate(0, 0, -1)
	if p.Deceased {
		until = p.DeathDate
	}
	p.MovedIn = r.dayBetween(maxTime(p.BirthDate, AsOf.AddDate(-30, 0, 0)), until)
	return p
}

// drawAge draws an age in years; heads of house are adults.
func drawAge(r *rng, head bool) int {
	switch {
	case head:
		return 25 + r.intn(60)
	case r.pct(20):
		return r.intn(15)
	case r.pct(85):
		return 15 + r.intn(50)
	}
	return 65 + r.intn(35)
}

// title returns the Thai and English titles for sex and age: children under
// 15 are เด็กชาย/เด็กหญิง; women are นาง or นางสาว.
func title(r *rng, sex Sex, age int) (string, string) {
	switch {
	case age < 15 && sex == Male:
		return "เด็กชาย", "Master"
	case age < 15:
		return "เด็กหญิง", "Miss"
	case sex == Male:
		return "นาย", "Mr."
	case r.intn(100) < min(age*2, 75):
		return "นาง", "Mrs."
	}
	return "นางสาว", "Miss"
}

// yearsBetween returns the whole years from a to b.
func yearsBetween(a, b time.Time) int {
	y := b.Year() - a.Year()
	if b.YearDay() < a.YearDay() {
		y--
	}
	return max(y, 0)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
