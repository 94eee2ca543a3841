package demo

import "github.com/gdx-exchange/gdx/catalog"

// Demo dataset ids.
const (
	PersonDataset     = "dopa.person"
	HouseDataset      = "dopa.house"
	BiometricsDataset = "dopa.biometrics"
	ProtectedDataset  = "dopa.protected-person"
	CompanyDataset    = "dbd.company"
	LicenceDataset    = "dla.licences"
)

func field(name, th, en string, t catalog.FieldType, flags string) catalog.Field {
	f := catalog.Field{Name: name, TitleTH: th, TitleEN: en, Type: t}
	for _, c := range flags {
		switch c {
		case 'p':
			f.Personal = true
		case 's':
			f.Personal, f.Sensitive = true, true
		case 'i':
			f.Identifier = true
		}
	}
	return f
}

// Datasets returns the demo datasets, one or more of every classification.
func Datasets() []catalog.Dataset {
	return []catalog.Dataset{person(), house(), biometrics(), protected(), company(), licences()}
}

func person() catalog.Dataset {
	return catalog.Dataset{
		ID: PersonDataset, TitleTH: "ทะเบียนราษฎร: ข้อมูลบุคคล", TitleEN: "Civil registry: persons", Owner: DOPA,
		DescriptionEN:  "A person's registration record by 13-digit citizen id.",
		Classification: catalog.Confidential, KeyKind: catalog.KeyCitizenID, IAL: "2.3", AAL: "2",
		Tags: []string{"ทะเบียนราษฎร", "civil registry"}, UpdateFrequency: "realtime", Connector: "civil-registry/person",
		Fields: []catalog.Field{
			field("citizen_id", "เลขประจำตัวประชาชน", "Citizen id", catalog.TypeString, "pi"),
			field("title", "คำนำหน้า", "Title", catalog.TypeString, "p"),
			field("first_name_th", "ชื่อ", "Given name (Thai)", catalog.TypeString, "p"),
			field("last_name_th", "นามสกุล", "Family name (Thai)", catalog.TypeString, "p"),
			field("first_name_en", "ชื่อ (อังกฤษ)", "Given name (English)", catalog.TypeString, "p"),
			field("last_name_en", "นามสกุล (อังกฤษ)", "Family name (English)", catalog.TypeString, "p"),
			field("birth_date", "วันเกิด", "Birth date", catalog.TypeDate, "p"),
			field("sex", "เพศ", "Sex", catalog.TypeString, "p"),
			field("nationality", "สัญชาติ", "Nationality", catalog.TypeString, "p"),
			field("religion", "ศาสนา", "Religion", catalog.TypeString, "s"),
			field("status", "สถานะบุคคล", "Alive or deceased", catalog.TypeString, "p"),
			field("death_date", "วันที่เสียชีวิต", "Date of death", catalog.TypeDate, "p"),
			field("address", "ที่อยู่ตามทะเบียนบ้าน", "Registered address", catalog.TypeObject, "p"),
			field("house_id", "รหัสประจำบ้าน", "House id", catalog.TypeString, "pi"),
		},
	}
}

func house() catalog.Dataset {
	return catalog.Dataset{
		ID: HouseDataset, TitleTH: "ทะเบียนบ้าน", TitleEN: "Civil registry: houses", Owner: DOPA,
		Classification: catalog.Confidential, KeyKind: catalog.KeyHouseID, IAL: "2.3", AAL: "2",
		Tags: []string{"ทะเบียนบ้าน"}, UpdateFrequency: "realtime", Connector: "civil-registry/house",
		Fields: []catalog.Field{
			field("house_id", "รหัสประจำบ้าน", "House id", catalog.TypeString, "i"),
			field("address", "ที่อยู่", "Address", catalog.TypeObject, ""),
			field("members", "ผู้อาศัย", "Registered members", catalog.TypeArray, "pi"),
		},
	}
}

func biometrics() catalog.Dataset {
	return catalog.Dataset{
		ID: BiometricsDataset, TitleTH: "ข้อมูลชีวมิติ", TitleEN: "Biometric identity records", Owner: DOPA,
		Classification: catalog.Secret, KeyKind: catalog.KeyCitizenID, IAL: "3", AAL: "3",
		Connector: "civil-registry/biometrics",
		Fields: []catalog.Field{
			field("citizen_id", "เลขประจำตัวประชาชน", "Citizen id", catalog.TypeString, "pi"),
			field("face_template_sha256", "แม่แบบใบหน้า", "Face template digest", catalog.TypeString, "s"),
			field("enrolled_on", "วันที่ลงทะเบียน", "Enrolment date", catalog.TypeDate, "p"),
		},
	}
}

func protected() catalog.Dataset {
	return catalog.Dataset{
		ID: ProtectedDataset, TitleTH: "บุคคลในความคุ้มครอง", TitleEN: "Protected persons", Owner: DOPA,
		Classification: catalog.TopSecret, KeyKind: catalog.KeyCitizenID, IAL: "3", AAL: "3",
		Fields: []catalog.Field{
			field("citizen_id", "เลขประจำตัวประชาชน", "Citizen id", catalog.TypeString, "pi"),
			field("protection_order", "คำสั่งคุ้มครอง", "Protection order", catalog.TypeString, "s"),
		},
	}
}

func company() catalog.Dataset {
	return catalog.Dataset{
		ID: CompanyDataset, TitleTH: "ข้อมูลนิติบุคคล", TitleEN: "Juristic persons", Owner: DBD,
		Classification: catalog.Internal, KeyKind: catalog.KeyJuristicID, IAL: "2.1", AAL: "2",
		Tags: []string{"นิติบุคคล", "company"}, UpdateFrequency: "daily", Connector: "juristic-registry/company",
		Fields: []catalog.Field{
			field("juristic_id", "เลขทะเบียนนิติบุคคล", "Juristic id", catalog.TypeString, ""),
			field("name_th", "ชื่อนิติบุคคล", "Name (Thai)", catalog.TypeString, ""),
			field("name_en", "ชื่อนิติบุคคล (อังกฤษ)", "Name (English)", catalog.TypeString, ""),
			field("type", "ประเภทนิติบุคคล", "Juristic type", catalog.TypeString, ""),
			field("registration_date", "วันที่จดทะเบียน", "Registration date", catalog.TypeDate, ""),
			field("capital", "ทุนจดทะเบียน", "Registered capital (THB)", catalog.TypeNumber, ""),
			field("status", "สถานะ", "Status", catalog.TypeString, ""),
			field("directors", "กรรมการ", "Directors", catalog.TypeArray, "p"),
			field("address", "ที่ตั้งสำนักงานใหญ่", "Head office address", catalog.TypeObject, ""),
			field("objective_code", "รหัสประเภทธุรกิจ", "Business objective code", catalog.TypeString, ""),
		},
	}
}

func licences() catalog.Dataset {
	return catalog.Dataset{
		ID: LicenceDataset, TitleTH: "ฐานข้อมูลใบอนุญาตที่ต้องแสดงต่อสาธารณะ", TitleEN: "Public licence database", Owner: DLA,
		DescriptionEN:  "Licences that licensees must display publicly (Cabinet resolution, May 2023, item 5).",
		Classification: catalog.Public, KeyKind: catalog.KeyNone, IAL: "1", AAL: "1", License: "cc-by-4.0",
		Tags: []string{"ใบอนุญาต", "licence", "open data"}, UpdateFrequency: "daily",
		Fields: []catalog.Field{
			field("licence_no", "เลขที่ใบอนุญาต", "Licence number", catalog.TypeString, ""),
			field("licence_type", "ประเภทใบอนุญาต", "Licence type", catalog.TypeString, ""),
			field("business_name", "ชื่อสถานประกอบการ", "Business name", catalog.TypeString, ""),
			field("juristic_id", "เลขทะเบียนนิติบุคคล", "Juristic id", catalog.TypeString, ""),
			field("district", "อำเภอ/เขต", "District", catalog.TypeString, ""),
			field("province", "จังหวัด", "Province", catalog.TypeString, ""),
			field("issued_on", "วันที่ออก", "Issue date", catalog.TypeDate, ""),
			field("expires_on", "วันหมดอายุ", "Expiry date", catalog.TypeDate, ""),
			field("status", "สถานะ", "Status", catalog.TypeString, ""),
		},
	}
}
