package sqlstore

import (
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// publicColumns are the columns an open output may read.
//
// NOTE: person_name and citizen_id are not among them, so an open read
// cannot return what it never selected.
const publicColumns = `issuer, number, type, office, licensee_kind, business_name, juristic_id,
	province, district, subdistrict, lat, lon, issued_on, expires_on, status`

// fullColumns are every data column, for the issuing agency's own reads.
const fullColumns = publicColumns + `, person_name, citizen_id, created, modified`

// writeColumns are the columns upsert writes: issuer, then the columns of
// rowArgs, then created and modified.
const writeColumns = `issuer, number, type, office, licensee_kind, business_name, juristic_id,
	person_name, citizen_id, province, district, subdistrict, lat, lon, issued_on, expires_on, status,
	name_fold, digest, created, modified`

// rowColumnCount is the number of values rowArgs returns.
const rowColumnCount = 18

// rowArgs returns the values of writeColumns for l that differ from row
// to row: all but issuer, created and modified.
func rowArgs(l licence.Licence, dig string) []any {
	ls, loc := l.Licensee, l.Location
	fold := ""
	if ls.Kind == licence.Juristic {
		fold = licence.FoldName(ls.BusinessName)
	}
	return []any{l.Number, string(l.Type), l.Office, string(ls.Kind), ls.BusinessName, ls.JuristicID,
		ls.PersonName, ls.CitizenID, loc.Province, loc.District, loc.Subdistrict, loc.Lat, loc.Lon,
		l.IssuedOn.String(), l.ExpiresOn.String(), string(l.Status), fold, dig}
}

// publicFields are the scan targets of fullColumns' public part, for Find.
type publicFields struct {
	l                              licence.Licence
	typ, kind, issued, expires, st string
}

func (f *publicFields) dest() []any {
	l := &f.l
	return []any{&l.Issuer, &l.Number, &f.typ, &l.Office, &f.kind, &l.Licensee.BusinessName, &l.Licensee.JuristicID,
		&l.Location.Province, &l.Location.District, &l.Location.Subdistrict, &l.Location.Lat, &l.Location.Lon,
		&f.issued, &f.expires, &f.st}
}

// licence finishes the scanned licence; stored dates were written by
// Date.String, so they parse.
func (f *publicFields) licence() licence.Licence {
	l := f.l
	l.Type, l.Licensee.Kind, l.Status = licence.Type(f.typ), licence.LicenseeKind(f.kind), licence.Status(f.st)
	l.IssuedOn, _ = licence.ParseDate(f.issued)
	if f.expires != "" {
		l.ExpiresOn, _ = licence.ParseDate(f.expires)
	}
	return l
}

// publicScan reads rows of publicColumns into public views, with one set
// of scan targets (scan.go) for every row of a read.
type publicScan struct {
	l             licence.Licence
	typ, kind, st string
	lat, lon      optFloat
	// floats holds the coordinates the views point to, a slab at a time.
	floats []float64
	dest   []any
}

// floatSlab is how many coordinates one allocation holds.
const floatSlab = 256

func newPublicScan() *publicScan {
	s := &publicScan{}
	text, dates := interner{}, dateCache{}
	in := func(dst *string) any { return &internedText{dst, text} }
	l := &s.l
	s.dest = []any{in(&l.Issuer), &l.Number, in(&s.typ), in(&l.Office), in(&s.kind),
		&l.Licensee.BusinessName, &l.Licensee.JuristicID,
		in(&l.Location.Province), in(&l.Location.District), in(&l.Location.Subdistrict), &s.lat, &s.lon,
		&storedDate{&l.IssuedOn, dates}, &storedDate{&l.ExpiresOn, dates}, in(&s.st)}
	return s
}

// into scans the row into *p.
func (s *publicScan) into(row sqldb.Row, p *licence.PublicLicence) error {
	if err := row.Scan(s.dest...); err != nil {
		return err
	}
	l := &s.l
	l.Type, l.Licensee.Kind, l.Status = licence.Type(s.typ), licence.LicenseeKind(s.kind), licence.Status(s.st)
	l.Location.Lat, l.Location.Lon = s.float(s.lat), s.float(s.lon)
	*p = l.Public()
	return nil
}

// scan is into for sqldb.List.
func (s *publicScan) scan(row sqldb.Row) (licence.PublicLicence, error) {
	var p licence.PublicLicence
	err := s.into(row, &p)
	return p, err
}

// float returns a pointer to f's value, or nil for NULL.
func (s *publicScan) float(f optFloat) *float64 {
	if !f.valid {
		return nil
	}
	if len(s.floats) == cap(s.floats) {
		s.floats = make([]float64, 0, floatSlab)
	}
	s.floats = append(s.floats, f.v)
	return &s.floats[len(s.floats)-1]
}

func scanFull(row sqldb.Row) (licence.Licence, error) {
	var f publicFields
	var created, modified int64
	dest := append(f.dest(), &f.l.Licensee.PersonName, &f.l.Licensee.CitizenID, &created, &modified)
	if err := row.Scan(dest...); err != nil {
		return licence.Licence{}, err
	}
	l := f.licence()
	l.Created, l.Modified = sqldb.FromMicros(created), sqldb.FromMicros(modified)
	return l, nil
}
