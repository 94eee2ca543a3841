package licence

// Column names: the header of an import file (CSV) or the keys of its
// objects (NDJSON), and the names of PublicLicence's JSON fields.
const (
	ColNumber       = "licence_number"
	ColType         = "licence_type"
	ColIssuer       = "issuer"
	ColOffice       = "office"
	ColLicenseeKind = "licensee_kind"
	ColBusinessName = "business_name"
	ColJuristicID   = "juristic_id"
	ColLicenseeName = "licensee_name"
	ColCitizenID    = "citizen_id"
	ColProvince     = "province"
	ColDistrict     = "district"
	ColSubdistrict  = "subdistrict"
	ColLatitude     = "latitude"
	ColLongitude    = "longitude"
	ColIssuedOn     = "issued_on"
	ColExpiresOn    = "expires_on"
	ColStatus       = "status"
)

// WithheldReason is what a PublicLicence of a natural person says instead
// of the licensee's name.
const WithheldReason = "the licensee is a natural person (sole trader); their name, business name and citizen id are personal data under the PDPA and are not published"

// PublicLicence is the open-data view of a licence: everything the law asks
// to be published and nothing else. Every open output (downloads, the
// DataStore, the licence check) is built from it.
//
// NOTE: it has no field for a natural person's name or citizen id, so no
// output built from it can leak them; for a natural person BusinessName is
// empty and LicenseeWithheld says so.
type PublicLicence struct {
	Number           string       `json:"licence_number"`
	Type             Type         `json:"licence_type"`
	TypeTH           string       `json:"licence_type_th"`
	Issuer           string       `json:"issuer"`
	Office           string       `json:"office"`
	LicenseeKind     LicenseeKind `json:"licensee_kind"`
	BusinessName     string       `json:"business_name"`
	JuristicID       string       `json:"juristic_id"`
	LicenseeWithheld bool         `json:"licensee_withheld"`
	WithheldReason   string       `json:"withheld_reason,omitempty"`
	Province         string       `json:"province"`
	District         string       `json:"district"`
	Subdistrict      string       `json:"subdistrict"`
	Lat              *float64     `json:"latitude"`
	Lon              *float64     `json:"longitude"`
	IssuedOn         Date         `json:"issued_on"`
	ExpiresOn        Date         `json:"expires_on"`
	// Status is the status the agency recorded; the licence check adds the
	// status on the day it is asked.
	Status Status `json:"status"`
}

// Public returns the open-data view of the licence.
func (l Licence) Public() PublicLicence {
	ti, _ := l.Type.Info()
	p := PublicLicence{
		Number: l.Number, Type: l.Type, TypeTH: ti.NameTH, Issuer: l.Issuer, Office: l.Office,
		LicenseeKind: l.Licensee.Kind,
		Province:     l.Location.Province, District: l.Location.District, Subdistrict: l.Location.Subdistrict,
		Lat: l.Location.Lat, Lon: l.Location.Lon,
		IssuedOn: l.IssuedOn, ExpiresOn: l.ExpiresOn, Status: l.Status,
	}
	if l.Licensee.Kind == Juristic {
		p.BusinessName, p.JuristicID = l.Licensee.BusinessName, l.Licensee.JuristicID
	} else {
		p.LicenseeWithheld, p.WithheldReason = true, WithheldReason
	}
	return p
}
