package licence

import "strings"

// Status is where a licence stands in the issuing agency's records.
type Status string

// The statuses. An active licence past its expiry date reads as expired
// (see Licence.StatusAt).
const (
	StatusActive    Status = "active"
	StatusExpired   Status = "expired"
	StatusSuspended Status = "suspended"
	StatusRevoked   Status = "revoked"
)

// statusTH are the Thai words agencies write for each status.
var statusTH = map[Status]string{
	StatusActive:    "ใช้ได้",
	StatusExpired:   "หมดอายุ",
	StatusSuspended: "พักใช้",
	StatusRevoked:   "เพิกถอน",
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { _, ok := statusTH[s]; return ok }

// Thai returns the Thai word for the status.
func (s Status) Thai() string { return statusTH[s] }

// ParseStatus reads a status in English (any case) or Thai.
func ParseStatus(s string) (Status, bool) {
	s = strings.TrimSpace(s)
	if st := Status(strings.ToLower(s)); st.Valid() {
		return st, true
	}
	for st, th := range statusTH {
		if s == th {
			return st, true
		}
	}
	return "", false
}

// LicenseeKind says whether the licensee is a juristic person or a natural
// person trading alone (a sole trader).
type LicenseeKind string

// The licensee kinds.
const (
	Juristic LicenseeKind = "juristic"
	Natural  LicenseeKind = "natural"
)

// ParseLicenseeKind reads a licensee kind in English (any case) or Thai.
func ParseLicenseeKind(s string) (LicenseeKind, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "juristic", "juristic_person", "นิติบุคคล":
		return Juristic, true
	case "natural", "natural_person", "บุคคลธรรมดา":
		return Natural, true
	}
	return "", false
}

// Type is a kind of licence, by its stable code.
type Type string

// TypeInfo describes a licence type.
type TypeInfo struct {
	Code   Type
	NameTH string
	NameEN string
	// Law is the act the licence is issued under.
	Law string
}

// The licence types gdx knows.
const (
	TypeFoodShop             Type = "food_shop"
	TypeFoodStorage          Type = "food_storage"
	TypeBuildingConstruction Type = "building_construction"
	TypeBuildingModification Type = "building_modification"
	TypeHealthHazard         Type = "health_hazard"
	TypeMarket               Type = "market"
	TypeFactory              Type = "factory"
	TypeHotel                Type = "hotel"
	TypePharmacy             Type = "pharmacy"
	TypeLiquorSale           Type = "liquor_sale"
)

var types = []TypeInfo{
	{TypeFoodShop, "สถานที่จำหน่ายอาหาร", "Food shop", "พ.ร.บ.การสาธารณสุข พ.ศ. 2535"},
	{TypeFoodStorage, "สถานที่สะสมอาหาร", "Food storage premises", "พ.ร.บ.การสาธารณสุข พ.ศ. 2535"},
	{TypeBuildingConstruction, "ก่อสร้างอาคาร", "Building construction", "พ.ร.บ.ควบคุมอาคาร พ.ศ. 2522"},
	{TypeBuildingModification, "ดัดแปลงอาคาร", "Building modification", "พ.ร.บ.ควบคุมอาคาร พ.ศ. 2522"},
	{TypeHealthHazard, "ประกอบกิจการที่เป็นอันตรายต่อสุขภาพ", "Business hazardous to health", "พ.ร.บ.การสาธารณสุข พ.ศ. 2535"},
	{TypeMarket, "จัดตั้งตลาด", "Market", "พ.ร.บ.การสาธารณสุข พ.ศ. 2535"},
	{TypeFactory, "ประกอบกิจการโรงงาน", "Factory", "พ.ร.บ.โรงงาน พ.ศ. 2535"},
	{TypeHotel, "ประกอบธุรกิจโรงแรม", "Hotel", "พ.ร.บ.โรงแรม พ.ศ. 2547"},
	{TypePharmacy, "ขายยาแผนปัจจุบัน", "Pharmacy", "พ.ร.บ.ยา พ.ศ. 2510"},
	{TypeLiquorSale, "ขายสุรา", "Liquor sale", "พ.ร.บ.ภาษีสรรพสามิต พ.ศ. 2560"},
}

// Types returns every licence type. Callers must not modify the result.
func Types() []TypeInfo { return types }

// Info returns the type's description, and false for an unknown type.
func (t Type) Info() (TypeInfo, bool) {
	for _, ti := range types {
		if ti.Code == t {
			return ti, true
		}
	}
	return TypeInfo{}, false
}

// ParseType reads a licence type by its code or its Thai or English name.
func ParseType(s string) (Type, bool) {
	s = strings.TrimSpace(s)
	for _, ti := range types {
		if s == string(ti.Code) || s == ti.NameTH || strings.EqualFold(s, ti.NameEN) {
			return ti.Code, true
		}
	}
	return "", false
}
