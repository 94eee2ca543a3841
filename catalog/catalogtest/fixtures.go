package catalogtest

import (
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Fixture agencies: two owners, two consumers.
var (
	dopa = catalog.Agency{Code: "DOPA", NameTH: "กรมการปกครอง", NameEN: "Department of Provincial Administration",
		Ministry: "กระทรวงมหาดไทย", Status: catalog.AgencyActive}
	dbd = catalog.Agency{Code: "DBD", NameTH: "กรมพัฒนาธุรกิจการค้า", NameEN: "Department of Business Development",
		Ministry: "กระทรวงพาณิชย์", Status: catalog.AgencyActive}
	dla = catalog.Agency{Code: "DLA", NameTH: "กรมส่งเสริมการปกครองท้องถิ่น", NameEN: "Department of Local Administration",
		Ministry: "กระทรวงมหาดไทย", Status: catalog.AgencyActive}
	rd = catalog.Agency{Code: "RD", NameTH: "กรมสรรพากร", NameEN: "Revenue Department",
		Ministry: "กระทรวงการคลัง", Status: catalog.AgencySuspended}
)

// Fixture purposes.
var (
	licensing = catalog.Purpose{Code: "license.approval", DescriptionTH: "พิจารณาอนุญาตประกอบกิจการ",
		DescriptionEN: "Deciding a licence application", Basis: catalog.BasisPublicTask}
	tax = catalog.Purpose{Code: "tax.assessment", DescriptionTH: "ประเมินภาษี",
		DescriptionEN: "Tax assessment", Basis: catalog.BasisLegalObligation, SensitiveBasis: catalog.SensitiveLegalDuty}
)

// civil is the civil registry dataset, with every field set.
var civil = catalog.Dataset{
	ID: "dopa.civil", TitleTH: "ทะเบียนราษฎร", TitleEN: "Civil registry",
	DescriptionTH: "ข้อมูลบุคคลตามทะเบียนบ้าน", DescriptionEN: "Persons by house registration",
	Owner: "DOPA", Classification: catalog.Confidential,
	Fields: []catalog.Field{
		{Name: "citizen_id", TitleTH: "เลขประจำตัวประชาชน", TitleEN: "Citizen ID", Type: catalog.TypeString, Personal: true, Identifier: true},
		{Name: "first_name_th", TitleTH: "ชื่อ", Type: catalog.TypeString, Personal: true},
		{Name: "birth_date", TitleEN: "Birth date", Type: catalog.TypeDate, Personal: true},
		{Name: "religion", TitleTH: "ศาสนา", Type: catalog.TypeString, Personal: true, Sensitive: true},
		{Name: "house_members", Type: catalog.TypeInteger},
	},
	KeyKind: catalog.KeyCitizenID, IAL: "2.3", AAL: "2", License: "restricted",
	Tags: []string{"ทะเบียนราษฎร", "civil registry"}, UpdateFrequency: "daily", Connector: "civil-registry",
}

// juristic is the juristic-person registry dataset, with only what is
// required set.
var juristic = catalog.Dataset{
	ID: "dbd.juristic", TitleEN: "Juristic persons", Owner: "DBD", Classification: catalog.Internal,
	Fields:  []catalog.Field{{Name: "juristic_id", Type: catalog.TypeString, Identifier: true}, {Name: "name_th", Type: catalog.TypeString}},
	KeyKind: catalog.KeyJuristicID, IAL: "1", AAL: "1",
}

// grant returns a live grant of consumer on the civil registry for 2025.
func grant(consumer string) catalog.Grant {
	return catalog.Grant{
		Consumer: consumer, Dataset: civil.ID,
		Purposes:  []string{licensing.Code},
		Fields:    []string{"citizen_id", "first_name_th"},
		Unmasked:  []string{"citizen_id"},
		ValidFrom: date(2025, time.January, 1), ValidTo: date(2026, time.January, 1),
		RateLimit: catalog.RateLimit{PerMinute: 60, Burst: 10},
		Status:    catalog.GrantActive,
	}
}

// seed stores the fixture agencies, purposes and datasets.
func seed(t testing.TB, s catalog.Store) {
	t.Helper()
	for _, a := range []catalog.Agency{dopa, dbd, dla, rd} {
		must(t, s.CreateAgency(ctx, a))
	}
	for _, p := range []catalog.Purpose{licensing, tax} {
		must(t, s.PutPurpose(ctx, p))
	}
	for _, d := range []catalog.Dataset{civil, juristic} {
		must(t, s.PutDataset(ctx, d))
	}
}

// with returns a copy of g changed by f.
func with(g catalog.Grant, f func(*catalog.Grant)) catalog.Grant {
	g.Purposes = append([]string(nil), g.Purposes...)
	g.Fields = append([]string(nil), g.Fields...)
	g.Unmasked = append([]string(nil), g.Unmasked...)
	f(&g)
	return g
}
