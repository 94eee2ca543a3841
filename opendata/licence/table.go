package licence

import (
	"context"

	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// TableSchema is the columns of a licence database as it is downloaded:
// the public view, in the order and with the names the DataStore uses.
var TableSchema = tabular.Schema{
	{Name: ColNumber, Type: tabular.String, Description: "เลขที่ใบอนุญาต / licence number"},
	{Name: ColType, Type: tabular.String, Description: "licence type code"},
	{Name: "licence_type_th", Type: tabular.String, Description: "ประเภทใบอนุญาต / licence type in Thai"},
	{Name: ColIssuer, Type: tabular.String, Description: "issuing agency code"},
	{Name: ColOffice, Type: tabular.String, Description: "issuing office"},
	{Name: ColLicenseeKind, Type: tabular.String, Description: "juristic or natural"},
	{Name: ColBusinessName, Type: tabular.String, Description: "juristic licensees only; empty where " + WithheldReason},
	{Name: ColJuristicID, Type: tabular.String, Description: "juristic licensees only"},
	{Name: "licensee_withheld", Type: tabular.Bool, Description: "true where " + WithheldReason},
	{Name: ColProvince, Type: tabular.String},
	{Name: ColDistrict, Type: tabular.String},
	{Name: ColSubdistrict, Type: tabular.String},
	{Name: ColLatitude, Type: tabular.Float, Description: "WGS 84, where known"},
	{Name: ColLongitude, Type: tabular.Float, Description: "WGS 84, where known"},
	{Name: ColIssuedOn, Type: tabular.Date},
	{Name: ColExpiresOn, Type: tabular.Date, Description: "last day of validity; empty for none"},
	{Name: ColStatus, Type: tabular.String, Description: "active, expired, suspended or revoked, as the agency recorded it"},
}

// Table is one issuing agency's licence database as a tabular resource
// (downloads and exports), streamed from the store in licence-number
// order.
type Table struct {
	Store  Store
	Issuer string
}

// Schema implements tabular.Source.
func (t Table) Schema() tabular.Schema { return TableSchema }

// Each implements tabular.Source with EachRecord's rows.
func (t Table) Each(ctx context.Context, fn func([]any) error) error {
	return tabular.EachAsRows(ctx, t, fn)
}

// EachRecord implements tabular.RecordSource: public views only, so no
// output built from it can carry a natural person's name or citizen id.
func (t Table) EachRecord(ctx context.Context, fn func(*tabular.Record) error) error {
	r := tabular.NewRecord(len(TableSchema))
	for l, err := range t.Store.Each(ctx, t.Issuer) {
		if err != nil {
			return err
		}
		fillRecord(r, &l)
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// fillRecord puts l in r in TableSchema's order.
func fillRecord(r *tabular.Record, l *PublicLicence) {
	s := r.Strings
	s[0], s[1], s[2], s[3], s[4] = l.Number, string(l.Type), l.TypeTH, l.Issuer, l.Office
	s[5], s[6], s[7], r.Bools[8] = string(l.LicenseeKind), l.BusinessName, l.JuristicID, l.LicenseeWithheld
	s[9], s[10], s[11] = l.Province, l.District, l.Subdistrict
	setFloat(r, 12, l.Lat)
	setFloat(r, 13, l.Lon)
	setDate(r, 14, l.IssuedOn)
	setDate(r, 15, l.ExpiresOn)
	s[16] = string(l.Status)
}

// setFloat puts *f in column i, or null for nil.
func setFloat(r *tabular.Record, i int, f *float64) {
	r.Null[i] = f == nil
	if f != nil {
		r.Floats[i] = *f
	}
}

// setDate puts d in column i, or null for the zero Date.
func setDate(r *tabular.Record, i int, d Date) {
	r.Null[i] = d.IsZero()
	r.Times[i] = d.Time()
}

// Version implements the downloads' Table: the issuer's count and last
// change, one indexed aggregate.
func (t Table) Version(ctx context.Context) (tabular.Version, error) {
	list, err := t.Store.Issuers(ctx)
	if err != nil {
		return tabular.Version{}, err
	}
	for _, s := range list {
		if s.Issuer == t.Issuer {
			return tabular.Version{Modified: s.Modified, Rows: s.Count}, nil
		}
	}
	return tabular.Version{}, nil
}
