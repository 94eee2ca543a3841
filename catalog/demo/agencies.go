package demo

import "github.com/gdx-exchange/gdx/catalog"

// Demo agency codes; DESIGN.md's demo contract names them.
const (
	DOPA    = "DOPA"    // owns the civil registry
	DBD     = "DBD"     // owns the juristic-person registry
	DLA     = "DLA"     // local licensing office, consumes both
	RD      = "RD"      // revenue department, narrower grants
	NOGRANT = "NOGRANT" // registered, holds no grant
	DGA     = "DGA"     // the central office: runs the exchange, publishes statistics
)

// Agencies returns the demo agencies.
func Agencies() []catalog.Agency {
	a := func(code, th, en, ministry string) catalog.Agency {
		return catalog.Agency{Code: code, NameTH: th, NameEN: en, Ministry: ministry, Status: catalog.AgencyActive}
	}
	return []catalog.Agency{
		a(DOPA, "กรมการปกครอง", "Department of Provincial Administration", "กระทรวงมหาดไทย"),
		a(DBD, "กรมพัฒนาธุรกิจการค้า", "Department of Business Development", "กระทรวงพาณิชย์"),
		a(DLA, "กรมส่งเสริมการปกครองท้องถิ่น", "Department of Local Administration", "กระทรวงมหาดไทย"),
		a(RD, "กรมสรรพากร", "The Revenue Department", "กระทรวงการคลัง"),
		a(NOGRANT, "หน่วยงานทดสอบที่ไม่มีข้อตกลง", "Test agency without a grant", "สำนักนายกรัฐมนตรี"),
		a(DGA, "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)", "Digital Government Development Agency", "สำนักนายกรัฐมนตรี"),
	}
}

// ClientAgencies lists the agencies that get mTLS credentials in the demo.
func ClientAgencies() []string { return []string{DOPA, DBD, DLA, RD, NOGRANT} }

// Purposes returns the demo purposes with their PDPA basis.
func Purposes() []catalog.Purpose {
	return []catalog.Purpose{
		{Code: "licensing", DescriptionTH: "พิจารณาคำขออนุญาตประกอบกิจการ", DescriptionEN: "Deciding a business licence application",
			Basis: catalog.BasisPublicTask},
		{Code: "tax_assessment", DescriptionTH: "ประเมินและจัดเก็บภาษี", DescriptionEN: "Tax assessment and collection",
			Basis: catalog.BasisLegalObligation},
		{Code: "welfare_eligibility", DescriptionTH: "ตรวจสอบสิทธิสวัสดิการแห่งรัฐ", DescriptionEN: "Checking eligibility for state welfare",
			Basis: catalog.BasisPublicTask, SensitiveBasis: catalog.SensitiveLegalDuty},
		{Code: "statistics", DescriptionTH: "จัดทำสถิติและงานวิจัย", DescriptionEN: "Official statistics and research",
			Basis: catalog.BasisResearch},
	}
}
