package opendata

// The Thai GD-Catalog fields (ckanext-thai_gdc's dataset schema) carry
// fixed Thai choice strings; a portal that harvests gdx compares them
// byte for byte, so they are spelled here exactly as that schema spells
// them.

// Data types (data_type).
const (
	DataTypeRecord      = "ข้อมูลระเบียน"
	DataTypeStatistics  = "ข้อมูลสถิติ"
	DataTypeGeospatial  = "ข้อมูลภูมิสารสนเทศเชิงพื้นที่"
	DataTypeMultiple    = "ข้อมูลหลากหลายประเภท"
	DataTypeOther       = "ข้อมูลประเภทอื่นๆ"
	choiceUnknown       = "ไม่ทราบ"
	choiceOther         = "อื่นๆ"
	choiceNone          = "ไม่มี"
	allowHarvestYes     = "True"
	allowHarvestNo      = "False"
	languageThai        = "ไทย"
	languageEnglish     = "อังกฤษ"
	objectiveMission    = "พันธกิจหน่วยงาน"
	objectiveLaw        = "กฎหมายที่เกี่ยวข้อง"
	objectiveService    = "เพื่อการให้บริการประชาชน"
	objectiveCabinetRes = "มติคณะรัฐมนตรี"
)

// Update frequency units (update_frequency_unit).
const (
	FrequencyUnknown  = choiceUnknown
	FrequencyYear     = "ปี"
	FrequencyHalfYear = "ครึ่งปี"
	FrequencyQuarter  = "ไตรมาส"
	FrequencyMonth    = "เดือน"
	FrequencyWeek     = "สัปดาห์"
	FrequencyDay      = "วัน"
	FrequencyWorkday  = "วันทำการ"
	FrequencyHour     = "ชั่วโมง"
	FrequencyMinute   = "นาที"
	FrequencyRealtime = "ตามเวลาจริง"
	FrequencyNever    = "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล"
	FrequencyOther    = choiceOther
)

// Geographic coverage (geo_coverage).
const (
	GeoNone         = choiceNone
	GeoWorld        = "โลก"
	GeoCountry      = "ประเทศ"
	GeoRegion       = "ภาค"
	GeoProvince     = "จังหวัด"
	GeoDistrict     = "อำเภอ"
	GeoSubdistrict  = "ตำบล"
	GeoVillage      = "หมู่บ้าน"
	GeoMunicipality = "เทศบาล/อบต."
	GeoCoordinates  = "พิกัด"
	GeoUnknown      = choiceUnknown
)

// Data formats (data_format, a multiple choice).
const (
	FormatDatabase = "Database"
	FormatCSV      = "CSV"
	FormatJSON     = "JSON"
	FormatXML      = "XML"
	FormatOther    = choiceOther
)

// Data categories under the Thai government data governance framework
// (data_category).
const (
	CategoryPublic   = "ข้อมูลสาธารณะ"
	CategoryPersonal = "ข้อมูลส่วนบุคคล"
	CategorySecurity = "ข้อมูลความมั่นคง"
	CategorySecret   = "ข้อมูลความลับทางราชการ"
)

// Licence ids as the GD-Catalog schema offers them (license_id): the value
// is the licence's English title.
const (
	LicenseNotSpecified = "License not specified"
	LicenseCCBY         = "Creative Commons Attributions"
	LicenseCCBYSA       = "Creative Commons Attribution Share-Alike"
	LicenseCCNC         = "Creative Commons Non-Commercial (Any)"
	LicenseODC          = "Open Data Common"
	LicenseGFDL         = "GNU Free Documentation License"
	LicenseOther        = choiceOther
)

// Choices lists the allowed values of each GD-Catalog choice field, for
// validation and for the portal's forms.
var Choices = map[string][]string{
	"data_type": {DataTypeRecord, DataTypeStatistics, DataTypeGeospatial, DataTypeMultiple, DataTypeOther},
	"objective": {"ยุทธศาสตร์ชาติ", "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ", "แผนความมั่นคงแห่งชาติ",
		"แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "แผนปฏิรูปประเทศ", "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)",
		"นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", objectiveCabinetRes, objectiveService, objectiveLaw,
		objectiveMission, "ดัชนี/ตัวชี้วัดระดับนานาชาติ", choiceUnknown, choiceOther},
	"update_frequency_unit": {FrequencyUnknown, FrequencyYear, FrequencyHalfYear, FrequencyQuarter, FrequencyMonth,
		FrequencyWeek, FrequencyDay, FrequencyWorkday, FrequencyHour, FrequencyMinute, FrequencyRealtime,
		FrequencyNever, FrequencyOther},
	"geo_coverage": {GeoNone, GeoWorld, "ทวีป/กลุ่มประเทศในทวีป", "กลุ่มประเทศทางเศรษฐกิจ", GeoCountry, GeoRegion,
		GeoProvince, GeoDistrict, GeoSubdistrict, GeoVillage, GeoMunicipality, GeoCoordinates, GeoUnknown, choiceOther},
	"data_format": {FormatDatabase, FormatCSV, FormatXML, "Image", "Video", "Audio", "Text", FormatJSON, "HTML", "XLS",
		"PDF", "RDF", "NoSQL", "Arc/Info Coverage", "Shapefile", "GeoTiff", "GML", choiceUnknown, FormatOther},
	"data_category": {CategoryPublic, CategoryPersonal, CategorySecurity, CategorySecret},
	"license_id":    {LicenseNotSpecified, LicenseCCBY, LicenseCCBYSA, LicenseCCNC, LicenseODC, LicenseGFDL, LicenseOther},
	"data_language": {languageThai, languageEnglish, "จีน", "มลายู", "พม่า", "ลาว", "เขมร", "ญี่ปุ่น", "เกาหลี",
		"ฝรั่งเศส", "เยอรมัน", "อารบิก", choiceUnknown, choiceOther},
	"allow_harvest": {allowHarvestNo, allowHarvestYes},
	"data_support": {choiceNone, "หน่วยงานของรัฐ", "หน่วยงานเอกชน", "หน่วยงาน/องค์กรระหว่างประเทศ", "มูลนิธิ/สมาคม",
		"สถาบันการศึกษา", choiceOther},
	"data_collect": {choiceNone, "บุคคล", "ครัวเรือน/ครอบครัว", "บ้าน/ที่อยู่อาศัย", "บริษัท/ห้างร้าน/สถานประกอบการ",
		"อาคาร/สิ่งปลูกสร้าง", "พื้นที่การเกษตร ประมง ป่าไม้", "สัตว์และพันธุ์พืช", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่",
		"แหล่งน้ำ เช่น แม่น้ำ อ่างเก็บน้ำ", "เส้นทางการเดินทาง เช่น ถนน ทางรถไฟ", choiceUnknown, choiceOther},
}
