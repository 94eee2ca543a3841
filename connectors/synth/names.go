package synth

// name is a word in Thai script with its usual romanisation.
type name struct{ th, en string }

// Given names, common across the generations the population spans.
var (
	maleNames = []name{
		{"สมชาย", "Somchai"}, {"สมศักดิ์", "Somsak"}, {"ประเสริฐ", "Prasert"}, {"วิชัย", "Wichai"},
		{"สมพงษ์", "Sompong"}, {"อนันต์", "Anan"}, {"กิตติศักดิ์", "Kittisak"}, {"ณัฐพงศ์", "Nattapong"},
		{"ธนวัฒน์", "Thanawat"}, {"ชัยวัฒน์", "Chaiwat"}, {"สุรชัย", "Surachai"}, {"วีระ", "Weera"},
		{"สมบัติ", "Sombat"}, {"บุญมา", "Boonma"}, {"มานพ", "Manop"}, {"อภิชาติ", "Apichat"},
		{"ปิยะ", "Piya"}, {"ธีรพงษ์", "Teerapong"}, {"พงศกร", "Pongsakorn"}, {"ศุภชัย", "Supachai"},
		{"เอกชัย", "Ekkachai"}, {"จักรพันธ์", "Jakkaphan"}, {"อนุชา", "Anucha"}, {"ชาญชัย", "Chanchai"},
		{"ณัฐวุฒิ", "Nattawut"}, {"วรวุฒิ", "Worawut"}, {"ภานุวัฒน์", "Panuwat"}, {"ธนากร", "Thanakorn"},
		{"ศักดิ์ชัย", "Sakchai"}, {"สุทธิพงษ์", "Sutthipong"}, {"วิทยา", "Witthaya"}, {"ไพโรจน์", "Phairot"},
		{"เกรียงไกร", "Kriangkrai"}, {"ธวัชชัย", "Thawatchai"}, {"อรรถพล", "Attaphon"}, {"ปกรณ์", "Pakorn"},
		{"ธนพล", "Thanaphon"}, {"กฤษดา", "Kritsada"}, {"นพดล", "Noppadon"}, {"ชยพล", "Chayaphon"},
		{"ปิติ", "Piti"}, {"ธีรวัฒน์", "Theerawat"}, {"สิทธิชัย", "Sitthichai"}, {"บุญเลิศ", "Boonlert"},
		{"ทองใบ", "Thongbai"}, {"คมสัน", "Khomsan"}, {"ภูริ", "Phuri"}, {"กันต์", "Kan"},
	}
	femaleNames = []name{
		{"สมศรี", "Somsri"}, {"มาลี", "Malee"}, {"ศิริพร", "Siriporn"}, {"วนิดา", "Wanida"},
		{"ณัฐยา", "Nattaya"}, {"พิมพ์ชนก", "Pimchanok"}, {"สุภาพร", "Supaporn"}, {"กัญญา", "Kanya"},
		{"รัตนา", "Rattana"}, {"จินตนา", "Jintana"}, {"อรุณี", "Arunee"}, {"สุดารัตน์", "Sudarat"},
		{"นภัสสร", "Napatsorn"}, {"ปิยะนุช", "Piyanut"}, {"กาญจนา", "Kanchana"}, {"วิไลวรรณ", "Wilaiwan"},
		{"ชไมพร", "Chamaiporn"}, {"อัญชลี", "Anchalee"}, {"ธิดารัตน์", "Thidarat"}, {"ปวีณา", "Paweena"},
		{"ศศิธร", "Sasithorn"}, {"กมลชนก", "Kamonchanok"}, {"พรทิพย์", "Pornthip"}, {"นงลักษณ์", "Nongluck"},
		{"บุษบา", "Busaba"}, {"สุนิสา", "Sunisa"}, {"เพ็ญศรี", "Pensri"}, {"ลำดวน", "Lamduan"},
		{"วาสนา", "Wassana"}, {"อารีรัตน์", "Areerat"}, {"ปาริชาติ", "Parichat"}, {"ณิชาภัทร", "Nichapat"},
		{"ชนิดา", "Chanida"}, {"จิราพร", "Jiraporn"}, {"ดวงใจ", "Duangjai"}, {"มณีรัตน์", "Maneerat"},
		{"เบญจวรรณ", "Benjawan"}, {"กนกวรรณ", "Kanokwan"}, {"สุกัญญา", "Sukanya"}, {"รุ่งนภา", "Rungnapha"},
		{"อรอุมา", "Onuma"}, {"ยุพิน", "Yupin"}, {"บุญเรือน", "Boonruean"}, {"วรรณา", "Wanna"},
		{"พัชรี", "Patcharee"}, {"นันทนา", "Nantana"}, {"ขวัญข้าว", "Khwankhao"}, {"ไอริณ", "Irin"},
	}
	muslimMaleNames = []name{
		{"อับดุลเลาะ", "Abdullah"}, {"มูฮัมหมัด", "Muhammad"}, {"อิสมาแอ", "Ismaae"}, {"ฮาซัน", "Hasan"},
		{"สุไลมาน", "Sulaiman"}, {"อาหมัด", "Ahmad"}, {"ยูโซ๊ะ", "Yuso"}, {"อิบรอฮิม", "Ibrohim"},
		{"มะรอนิง", "Maroning"}, {"อับดุลรอฮิม", "Abdulrohim"},
	}
	muslimFemaleNames = []name{
		{"ฟาตีมะห์", "Fatimah"}, {"ซีตีนูร์", "Sitinur"}, {"นูรีดา", "Nurida"}, {"อามีนะห์", "Aminah"},
		{"ซารีฟะห์", "Sarifah"}, {"รอฮานี", "Rohani"}, {"แวนิดา", "Waenida"}, {"กอรีเยาะ", "Koriyoh"},
		{"ไซนับ", "Zainab"}, {"มารีนา", "Marina"},
	}
)

// Family names: most are two common morphemes joined (ศรี+สุข = ศรีสุข,
// Srisuk), as Thai surnames are; the rest come from short lists.
var (
	surnameHeads = []name{
		{"ศรี", "Sri"}, {"บุญ", "Boon"}, {"ทอง", "Thong"}, {"แก้ว", "Kaew"}, {"สุข", "Suk"},
		{"ใจ", "Jai"}, {"วงศ์", "Wong"}, {"ชัย", "Chai"}, {"รัตน", "Rattana"}, {"ประเสริฐ", "Prasert"},
		{"สมบูรณ์", "Somboon"}, {"เพชร", "Phet"}, {"จันทร์", "Chan"}, {"แสง", "Saeng"}, {"พรหม", "Phrom"},
		{"อินทร์", "In"}, {"มณี", "Manee"}, {"ศักดิ์", "Sak"}, {"เจริญ", "Charoen"}, {"สิทธิ", "Sitthi"},
		{"กิจ", "Kit"}, {"ธนา", "Thana"}, {"วิเศษ", "Wiset"}, {"คง", "Khong"}, {"นาค", "Nak"},
	}
	surnameTails = []name{
		{"สุข", "suk"}, {"ดี", "dee"}, {"มี", "mee"}, {"ทอง", "thong"}, {"วงศ์", "wong"},
		{"ศรี", "sri"}, {"ชัย", "chai"}, {"แก้ว", "kaew"}, {"เจริญ", "charoen"}, {"รักษ์", "rak"},
		{"พันธ์", "phan"}, {"สวัสดิ์", "sawat"}, {"วัฒนา", "watthana"}, {"กุล", "kul"}, {"สกุล", "sakul"},
		{"งาม", "ngam"}, {"ไพศาล", "phaisan"}, {"พงษ์", "phong"}, {"เดช", "det"}, {"สมบัติ", "sombat"},
		{"มงคล", "mongkhon"}, {"เรือง", "rueang"}, {"วิไล", "wilai"}, {"จินดา", "chinda"}, {"มณี", "manee"},
	}
	sinoThaiSurnames = []name{
		{"แซ่ตั้ง", "Saetang"}, {"แซ่ลิ้ม", "Saelim"}, {"แซ่เฮ้ง", "Saeheng"}, {"แซ่อึ้ง", "Sae-ung"},
		{"แซ่โค้ว", "Saekhow"}, {"แซ่หลี", "Saelee"}, {"แซ่เตีย", "Saetia"}, {"แซ่จัง", "Saechang"},
	}
	muslimSurnames = []name{
		{"มะแซ", "Masae"}, {"ดอเลาะ", "Doloh"}, {"หะยีมะ", "Hayima"}, {"เจ๊ะมะ", "Chema"},
		{"สาและ", "Salae"}, {"ยูโซะ", "Yusoh"}, {"อาแว", "Awae"}, {"แวมะ", "Waema"},
		{"บินดอเลาะ", "Bindoloh"}, {"หะยีสาและ", "Hayeesalae"}, {"สะมะแอ", "Samaae"}, {"กาเซ็ม", "Kasem"},
	}
)

// surname draws a family name; Muslim families get Malay-derived names.
func surname(r *rng, muslim bool) name {
	switch {
	case muslim:
		return pick(r, muslimSurnames)
	case r.pct(8):
		return pick(r, sinoThaiSurnames)
	}
	head, tail := pick(r, surnameHeads), pick(r, surnameTails)
	if head.th == tail.th {
		tail = surnameTails[(r.intn(len(surnameTails)-1)+1)%len(surnameTails)]
	}
	return name{head.th + tail.th, head.en + tail.en}
}

// givenName draws a given name for the sex and religion.
func givenName(r *rng, sex Sex, muslim bool) name {
	switch {
	case muslim && sex == Male:
		return pick(r, muslimMaleNames)
	case muslim:
		return pick(r, muslimFemaleNames)
	case sex == Male:
		return pick(r, maleNames)
	}
	return pick(r, femaleNames)
}

// Religions as the civil registry writes them.
const (
	Buddhism     = "พุทธ"
	Islam        = "อิสลาม"
	Christianity = "คริสต์"
	Hinduism     = "ฮินดู"
	Sikhism      = "ซิกข์"
	NoReligion   = "ไม่มีศาสนา"
)

// religion draws a family's religion given the province's Muslim share.
func religion(r *rng, muslimPct int) string {
	if r.pct(muslimPct) {
		return Islam
	}
	switch v := r.intn(1000); {
	case v < 970:
		return Buddhism
	case v < 986:
		return Christianity
	case v < 989:
		return Hinduism
	case v < 990:
		return Sikhism
	default:
		return NoReligion
	}
}

// nationality draws a nationality: nearly all Thai.
func nationality(r *rng) string {
	if r.intn(1000) < 992 {
		return "ไทย"
	}
	return pick(r, otherNationalities)
}

// otherNationalities are the nationalities of the few non-Thai residents.
var otherNationalities = []string{"จีน", "ลาว", "เมียนมา", "กัมพูชา", "ญี่ปุ่น", "อินเดีย"}
