package datastore

import (
	"strings"

	"github.com/gdx-exchange/gdx/opendata/licence"
)

// LicenceTableName is the table name of an issuing agency's licences in
// its package (the download path and ResourceID use it).
const LicenceTableName = "licences"

// LicenceTable is the DataStore description of one issuing agency's
// licences: the public view only. It reads licence_public (licence
// store migration 002), which holds no personal name or citizen id and
// blanks a natural person's business name and juristic id, so those can
// be neither filtered on, searched nor returned.
func LicenceTable(issuer string) Table {
	return Table{
		From:    "licence_public",
		Where:   "issuer = $1",
		Args:    []any{issuer},
		ID:      "_id",
		Columns: licenceColumns,
	}
}

var licenceColumns = []Column{
	{Name: licence.ColNumber, Expr: "number", Type: Text, Label: "เลขที่ใบอนุญาต", Notes: "licence number"},
	{Name: licence.ColType, Expr: "type", Type: Text, Indexed: true, Label: "ประเภทใบอนุญาต", Notes: "licence type code"},
	{Name: "licence_type_th", Expr: licenceTypeTH(), Type: Text, Label: "ประเภทใบอนุญาต (ไทย)", Notes: "licence type in Thai"},
	{Name: licence.ColIssuer, Expr: "issuer", Type: Text, Label: "หน่วยงานผู้ออกใบอนุญาต", Notes: "issuing agency code"},
	{Name: licence.ColOffice, Expr: "office", Type: Text, Label: "สำนักงานผู้ออกใบอนุญาต", Notes: "issuing office"},
	{Name: licence.ColLicenseeKind, Expr: "licensee_kind", Type: Text, Label: "ประเภทผู้รับใบอนุญาต", Notes: "juristic or natural"},
	{Name: licence.ColBusinessName, Expr: "business_name", Type: Text, Label: "ชื่อสถานประกอบการ",
		Notes: "juristic licensees only; empty where " + licence.WithheldReason},
	{Name: licence.ColJuristicID, Expr: "juristic_id", Type: Text, Label: "เลขทะเบียนนิติบุคคล", Notes: "juristic licensees only"},
	{Name: "licensee_withheld", Expr: "(licensee_kind <> 'juristic')", Type: Bool, Label: "ไม่เปิดเผยชื่อผู้รับใบอนุญาต",
		Notes: "true where " + licence.WithheldReason},
	{Name: licence.ColProvince, Expr: "province", Type: Text, Indexed: true, Label: "จังหวัด", Notes: "province"},
	{Name: licence.ColDistrict, Expr: "district", Type: Text, Label: "อำเภอ/เขต", Notes: "district"},
	{Name: licence.ColSubdistrict, Expr: "subdistrict", Type: Text, Label: "ตำบล/แขวง", Notes: "subdistrict"},
	{Name: licence.ColLatitude, Expr: "lat", Type: Float, Label: "ละติจูด", Notes: "WGS 84 latitude, where known"},
	{Name: licence.ColLongitude, Expr: "lon", Type: Float, Label: "ลองจิจูด", Notes: "WGS 84 longitude, where known"},
	{Name: licence.ColIssuedOn, Expr: "issued_on", Type: Date, Label: "วันที่ออกใบอนุญาต", Notes: "issue date"},
	{Name: licence.ColExpiresOn, Expr: "expires_on", Type: Date, Label: "วันหมดอายุ", Notes: "last day of validity; empty for none"},
	{Name: licence.ColStatus, Expr: "status", Type: Text, Indexed: true, Label: "สถานะ",
		Notes: "status the agency recorded: active, expired, suspended or revoked"},
}

// licenceTypeTH is a CASE giving each licence type's Thai name.
func licenceTypeTH() string {
	var b strings.Builder
	b.WriteString("(CASE type")
	for _, ti := range licence.Types() {
		b.WriteString(" WHEN " + sqlString(string(ti.Code)) + " THEN " + sqlString(ti.NameTH))
	}
	b.WriteString(" ELSE '' END)")
	return b.String()
}

// sqlString quotes a constant of ours as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
