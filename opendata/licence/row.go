package licence

import (
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
)

// parseRow turns a row into a licence of agency, or says what is wrong
// with it, column by column.
func parseRow(raw rawRow, agency string) (Licence, []Problem) {
	p := rowParser{raw: &raw, problems: raw.problems}
	if len(p.problems) > 0 {
		return Licence{}, p.problems
	}
	l := Licence{Issuer: agency, Office: p.text(ColOffice)}
	l.Number = p.number()
	p.issuer(agency)
	l.Type = p.licenceType()
	l.Licensee = p.licensee()
	l.Location = p.location()
	l.IssuedOn, l.ExpiresOn = p.date(ColIssuedOn), p.date(ColExpiresOn)
	l.Status = p.status()
	if len(p.problems) == 0 {
		for _, fp := range l.Problems() {
			p.bad(fp.Field, fp.Reason)
		}
	}
	for i := range p.problems {
		p.problems[i].Number = l.Number
	}
	return l, p.problems
}

// rowParser collects a row's problems as its fields are parsed.
type rowParser struct {
	raw      *rawRow
	problems []Problem
}

func (p *rowParser) bad(col, reason string) {
	p.problems = append(p.problems, Problem{Line: p.raw.line, Column: col, Reason: reason})
}

// text returns a column's value with spaces around it dropped.
func (p *rowParser) text(col string) string { return strings.TrimSpace(p.raw.get(col)) }

func (p *rowParser) number() string {
	n, err := NormalizeNumber(p.raw.get(ColNumber))
	if err != nil {
		p.bad(ColNumber, err.Error())
	}
	return n
}

func (p *rowParser) issuer(agency string) {
	if v := strings.ToUpper(p.text(ColIssuer)); v != "" && v != agency {
		p.bad(ColIssuer, "the licence is issued by "+quote(v)+" but this import is for "+agency+": an agency imports only its own licences")
	}
}

func (p *rowParser) licenceType() Type {
	v := p.text(ColType)
	t, ok := ParseType(v)
	if v == "" {
		p.bad(ColType, "required")
	} else if !ok {
		p.bad(ColType, "unknown licence type "+quote(v)+" (want one of "+typeCodes()+", or its Thai name)")
	}
	return t
}

func typeCodes() string {
	codes := make([]string, len(types))
	for i, t := range types {
		codes[i] = string(t.Code)
	}
	return strings.Join(codes, ", ")
}

func (p *rowParser) licensee() Licensee {
	v := p.text(ColLicenseeKind)
	kind, ok := ParseLicenseeKind(v)
	if v == "" {
		p.bad(ColLicenseeKind, "required")
	} else if !ok {
		p.bad(ColLicenseeKind, "unknown licensee kind "+quote(v)+" (want juristic or natural)")
	}
	return Licensee{Kind: kind, BusinessName: p.text(ColBusinessName), PersonName: p.text(ColLicenseeName),
		JuristicID: p.key(ColJuristicID, catalog.KeyJuristicID), CitizenID: p.key(ColCitizenID, catalog.KeyCitizenID)}
}

// key normalises an id column with catalog's rules (13 digits, mod-11).
func (p *rowParser) key(col string, kind catalog.KeyKind) string {
	v := p.text(col)
	if v == "" {
		return ""
	}
	k, err := catalog.NormalizeKey(kind, v)
	if err != nil {
		p.bad(col, catalog.ErrorMessage(err))
	}
	return k
}

func (p *rowParser) location() Location {
	v := p.text(ColProvince)
	loc := Location{District: p.text(ColDistrict), Subdistrict: p.text(ColSubdistrict)}
	if prov, ok := NormalizeProvince(v); ok {
		loc.Province = prov
	} else if v != "" {
		p.bad(ColProvince, "not one of the 77 provinces: "+quote(v))
	} else {
		p.bad(ColProvince, "required")
	}
	loc.Lat, loc.Lon = p.degrees(ColLatitude), p.degrees(ColLongitude)
	return loc
}

func (p *rowParser) degrees(col string) *float64 {
	v := p.text(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		p.bad(col, quote(v)+" is not a number of degrees")
		return nil
	}
	return &f
}

func (p *rowParser) date(col string) Date {
	v := p.text(col)
	if v == "" {
		return Date{}
	}
	d, err := ParseDate(v)
	if err != nil {
		p.bad(col, err.Error())
	}
	return d
}

func (p *rowParser) status() Status {
	v := p.text(ColStatus)
	st, ok := ParseStatus(v)
	if v == "" {
		p.bad(ColStatus, "required")
	} else if !ok {
		p.bad(ColStatus, "unknown status "+quote(v)+" (want active, expired, suspended or revoked, or ใช้ได้, หมดอายุ, พักใช้, เพิกถอน)")
	}
	return st
}
