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

// Each implements tabular.Source: public views only, so no output built
// from it can carry a natural person's name or citizen id.
func (t Table) Each(ctx context.Context, fn func([]any) error) error {
	row := make([]any, len(TableSchema))
	for l, err := range t.Store.Each(ctx, t.Issuer) {
		if err != nil {
			return err
		}
		fillRow(row, l)
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

func fillRow(row []any, l PublicLicence) {
	row[0], row[1], row[2], row[3], row[4] = l.Number, string(l.Type), l.TypeTH, l.Issuer, l.Office
	row[5], row[6], row[7], row[8] = string(l.LicenseeKind), l.BusinessName, l.JuristicID, l.LicenseeWithheld
	row[9], row[10], row[11] = l.Province, l.District, l.Subdistrict
	row[12], row[13] = floatOrNil(l.Lat), floatOrNil(l.Lon)
	row[14], row[15], row[16] = dateOrNil(l.IssuedOn), dateOrNil(l.ExpiresOn), string(l.Status)
}

func floatOrNil(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func dateOrNil(d Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time()
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
