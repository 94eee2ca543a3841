package licence

import "github.com/gdx-exchange/gdx/catalog"

// The licensing agencies of the demo. DLA and DOPA are catalog/demo's
// agencies; DIW and FDA are added by DemoAgencies.
const (
	DemoDLA  = "DLA"  // local administration: food, buildings, health hazards, markets
	DemoDOPA = "DOPA" // provincial administration: hotels
	DemoDIW  = "DIW"  // industrial works: factories
	DemoFDA  = "FDA"  // food and drug administration: pharmacies
)

// DemoAgencies returns the demo's licensing agencies that catalog/demo does
// not already register (DIW and FDA), for the caller to add to the catalog.
func DemoAgencies() []catalog.Agency {
	a := func(code, th, en, ministry string) catalog.Agency {
		return catalog.Agency{Code: code, NameTH: th, NameEN: en, Ministry: ministry, Status: catalog.AgencyActive}
	}
	return []catalog.Agency{
		a(DemoDIW, "กรมโรงงานอุตสาหกรรม", "Department of Industrial Works", "กระทรวงอุตสาหกรรม"),
		a(DemoFDA, "สำนักงานคณะกรรมการอาหารและยา", "Food and Drug Administration", "กระทรวงสาธารณสุข"),
	}
}

// demoKind is one kind of demo licence: who issues it, how common it is,
// how long it is valid, how often a sole trader holds it, which business
// objectives (TSIC codes of the synthetic companies) fit it, and the trade
// names sole traders use ("%s" is the trader's given name).
type demoKind struct {
	typ        Type
	issuer     string
	share      int // per mille of all demo licences
	prefix     string
	validYears int // 0: no expiry; -1: to the end of the year of issue
	naturalPct int
	objectives []string
	tradeNames []string
}

var demoKinds = []demoKind{
	{TypeFoodShop, DemoDLA, 300, "FS", 1, 45, []string{"56101", "47190"},
		[]string{"ร้านอาหาร%s", "ครัว%s", "ก๋วยเตี๋ยว%s", "ข้าวมันไก่%s", "ร้านกาแฟ%s", "ส้มตำ%s"}},
	{TypeFoodStorage, DemoDLA, 50, "FT", 1, 30, []string{"10799", "46900", "47190"},
		[]string{"ร้านขายของชำ%s", "%sพานิช"}},
	{TypeBuildingConstruction, DemoDLA, 140, "BC", 1, 35, []string{"41001", "43299", "68101"},
		[]string{"บ้านพักอาศัย%s", "อาคารพาณิชย์%s"}},
	{TypeBuildingModification, DemoDLA, 40, "BM", 1, 40, []string{"41001", "43299", "68101"},
		[]string{"ต่อเติมบ้าน%s"}},
	{TypeHealthHazard, DemoDLA, 120, "HH", 1, 30, []string{"45201", "10799", "46900", "49231"},
		[]string{"อู่ซ่อมรถ%s", "ร้านเสริมสวย%s", "คาร์แคร์%s", "ร้านซักรีด%s"}},
	{TypeMarket, DemoDLA, 20, "MK", 1, 20, []string{"68101", "46900"},
		[]string{"ตลาดนัด%s", "ตลาดสด%s"}},
	{TypeFactory, DemoDIW, 110, "F", 0, 5, []string{"10799", "43299", "01110", "46900"},
		[]string{"โรงสี%s", "โรงน้ำแข็ง%s"}},
	{TypeHotel, DemoDOPA, 70, "", 5, 5, []string{"55101"},
		[]string{"%sรีสอร์ท", "บ้านพัก%s"}},
	{TypePharmacy, DemoFDA, 150, "PH", -1, 25, []string{"86101", "47190"},
		[]string{"ร้านขายยา%sเภสัช", "%sฟาร์มาซี"}},
}
