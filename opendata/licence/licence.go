package licence

import (
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Licence is one licence in an issuing agency's database, with everything
// the agency holds about it. Only its public view (Public) is ever
// published.
type Licence struct {
	// Number is the licence number, unique within the issuing agency,
	// in its normal form (NormalizeNumber).
	Number string
	Type   Type
	// Issuer is the issuing agency's code (catalog.Agency.Code).
	Issuer string
	// Office is the issuing office, e.g. "เทศบาลนครเชียงใหม่".
	Office   string
	Licensee Licensee
	Location Location
	IssuedOn Date
	// ExpiresOn is the last day of validity; zero for a licence without an
	// expiry date (a factory licence since 2019, for instance).
	ExpiresOn Date
	// Status is the status as the agency recorded it; StatusAt says what
	// it is on a given day.
	Status Status

	// History lists the status changes, oldest first; the first entry is
	// the status the licence was first stored with. Stores fill it in
	// Find; writers leave it empty.
	History []StatusChange
	// Created and Modified are set by the store: when the licence was
	// first stored and when its data last changed.
	Created, Modified time.Time
}

// Licensee is the holder of a licence.
type Licensee struct {
	Kind LicenseeKind
	// BusinessName is the juristic person's registered name, or the trade
	// name a sole trader uses. Withheld from open data for natural persons,
	// whose trade names are often their own names.
	BusinessName string
	// JuristicID is the 13-digit juristic person id; juristic only.
	JuristicID string
	// PersonName and CitizenID identify a natural person; never published.
	PersonName string
	CitizenID  string
}

// Location is where the licensed business is.
type Location struct {
	// Province is the Thai name of one of the 77 provinces.
	Province    string
	District    string
	Subdistrict string
	// Lat and Lon are WGS 84 degrees; both nil where not known.
	Lat, Lon *float64
}

// StatusChange is one entry of a licence's status history.
type StatusChange struct {
	// From is "" for the first entry.
	From Status `json:"from,omitempty"`
	To   Status `json:"to"`
	// At is when the store recorded the change.
	At time.Time `json:"at"`
}

// Key identifies a licence: the issuing agency and the licence number.
type Key struct {
	Issuer string
	Number string
}

// Key returns the licence's key.
func (l Licence) Key() Key { return Key{Issuer: l.Issuer, Number: l.Number} }

// StatusAt returns the licence's status on the Thai calendar day of now:
// revoked stays revoked; any other licence past its expiry date is expired;
// otherwise the recorded status.
func (l Licence) StatusAt(now time.Time) Status {
	if l.Status == StatusRevoked {
		return StatusRevoked
	}
	if !l.ExpiresOn.IsZero() && Today(now).After(l.ExpiresOn) {
		return StatusExpired
	}
	return l.Status
}

// Validate checks a licence before it is stored: every field in its
// normal form, the issuer a valid agency code, the dates in order, the ids
// with their check digits. It returns the first problem as a KindInvalid
// error naming the field.
func (l Licence) Validate() error {
	if ps := l.Problems(); len(ps) > 0 {
		p := ps[0]
		return catalog.Errorf(catalog.KindInvalid, "licence %q of %s: %s: %s", l.Number, l.Issuer, p.Field, p.Reason).
			WithReason("licence_invalid")
	}
	return nil
}

// FieldProblem is one thing wrong with a licence, named by the field (the
// import column) it is about.
type FieldProblem struct {
	Field  string
	Reason string
}

// Problems returns everything wrong with the licence, by field.
func (l Licence) Problems() []FieldProblem {
	var ps []FieldProblem
	add := func(field, reason string) { ps = append(ps, FieldProblem{field, reason}) }
	if n, err := NormalizeNumber(l.Number); err != nil {
		add(ColNumber, err.Error())
	} else if n != l.Number {
		add(ColNumber, "not in normal form (want "+n+")")
	}
	if !catalog.ValidAgencyCode(l.Issuer) {
		add(ColIssuer, "not an agency code (2-16 characters of A-Z, 0-9 and '-')")
	}
	if _, ok := l.Type.Info(); !ok {
		add(ColType, "unknown licence type "+quote(string(l.Type)))
	}
	checkText(add, ColOffice, l.Office, maxOffice, false)
	l.Licensee.problems(add)
	l.Location.problems(add)
	l.datesProblems(add)
	if !l.Status.Valid() {
		add(ColStatus, "unknown status "+quote(string(l.Status))+" (want active, expired, suspended or revoked)")
	}
	return ps
}

func (l Licence) datesProblems(add func(field, reason string)) {
	switch {
	case l.IssuedOn.IsZero():
		add(ColIssuedOn, "required")
	case !l.ExpiresOn.IsZero() && l.ExpiresOn.Before(l.IssuedOn):
		add(ColExpiresOn, "expires ("+l.ExpiresOn.String()+") before it was issued ("+l.IssuedOn.String()+")")
	}
}

func (ls Licensee) problems(add func(field, reason string)) {
	checkText(add, ColBusinessName, ls.BusinessName, maxName, true)
	checkText(add, ColLicenseeName, ls.PersonName, maxName, false)
	switch ls.Kind {
	case Juristic:
		checkKey(add, ColJuristicID, catalog.KeyJuristicID, ls.JuristicID, true)
		if ls.CitizenID != "" || ls.PersonName != "" {
			add(ColCitizenID, "a juristic licensee has no citizen id or personal name")
		}
	case Natural:
		if ls.JuristicID != "" {
			add(ColJuristicID, "a natural person has no juristic id")
		}
		checkKey(add, ColCitizenID, catalog.KeyCitizenID, ls.CitizenID, false)
	default:
		add(ColLicenseeKind, "unknown licensee kind "+quote(string(ls.Kind))+" (want juristic or natural)")
	}
}

func (loc Location) problems(add func(field, reason string)) {
	if p, ok := NormalizeProvince(loc.Province); !ok {
		add(ColProvince, "not one of the 77 provinces: "+quote(loc.Province))
	} else if p != loc.Province {
		add(ColProvince, "not in normal form (want "+p+")")
	}
	checkText(add, ColDistrict, loc.District, maxPlace, false)
	checkText(add, ColSubdistrict, loc.Subdistrict, maxPlace, false)
	switch {
	case (loc.Lat == nil) != (loc.Lon == nil):
		add(ColLatitude, "latitude and longitude go together")
	case loc.Lat != nil && !inThailand(*loc.Lat, *loc.Lon):
		add(ColLatitude, "the point is outside Thailand (latitude 5-21, longitude 97-106)")
	}
}

// inThailand is a generous bounding box around the kingdom.
func inThailand(lat, lon float64) bool { return lat >= 5 && lat <= 21 && lon >= 97 && lon <= 106 }

// checkKey checks that id is a key of the kind in normal form.
func checkKey(add func(field, reason string), field string, kind catalog.KeyKind, id string, required bool) {
	if id == "" {
		if required {
			add(field, "required")
		}
		return
	}
	n, err := catalog.NormalizeKey(kind, id)
	switch {
	case err != nil:
		add(field, catalog.ErrorMessage(err))
	case n != id:
		add(field, "not in normal form (13 digits)")
	}
}
