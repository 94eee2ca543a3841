package synth

import (
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/catalog/demo"
)

// Company is a juristic-registry record.
type Company struct {
	Index      int
	JuristicID string
	NameTH     string
	NameEN     string
	// Type is CompanyLimited, LimitedPartnership or PublicCompanyLimited.
	Type         string
	RegisteredOn time.Time
	// Capital is the registered capital in baht.
	Capital int64
	// Status is one of the Status constants.
	Status string
	// Directors are generated persons (managing partners for partnerships).
	Directors     []Director
	Address       Address
	ObjectiveCode string
	ObjectiveTH   string
}

// Director is a director or managing partner: a generated person.
type Director struct {
	PersonIndex     int
	Title           string
	FirstTH, LastTH string
	Position        string
}

// Company returns company n, or false when there is no such company.
func (g *Generator) Company(n int) (Company, bool) {
	if n < 0 || n >= g.companies {
		return Company{}, false
	}
	return g.company(n), true
}

// CompanyByID returns the company with the juristic id, if it exists.
func (g *Generator) CompanyByID(id string) (Company, bool) {
	prefix := demo.CompanyKey(0)[:4]
	if len(id) != 13 || id[:4] != prefix {
		return Company{}, false
	}
	n, err := strconv.Atoi(id[4:12])
	if err != nil || demo.CompanyKey(n) != id {
		return Company{}, false
	}
	return g.Company(n)
}

// company computes company n.
func (g *Generator) company(n int) Company {
	r := g.rng(streamCompany, n)
	obj := pick(&r, objectives)
	c := Company{
		Index: n, JuristicID: demo.CompanyKey(n), Type: companyType(&r),
		RegisteredOn:  r.dayBetween(time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC), AsOf),
		Capital:       pick(&r, capitals),
		Status:        companyStatus(&r),
		ObjectiveCode: obj.code, ObjectiveTH: obj.th,
	}
	c.NameTH, c.NameEN = companyName(&r, c.Type, obj.word)
	if c.Type == PublicCompanyLimited {
		c.Capital *= 10
	}
	prov := provinces[0] // Bangkok holds a third of all head offices
	if !r.pct(33) {
		prov = provinces[r.weighted(provinceWeights)]
	}
	c.Address = address(&r, prov)
	c.Directors = g.directors(&r, c.Type)
	return c
}

// companyType draws the juristic type.
func companyType(r *rng) string {
	switch v := r.intn(100); {
	case v < 68:
		return CompanyLimited
	case v < 99:
		return LimitedPartnership
	}
	return PublicCompanyLimited
}

// companyStatus draws a status by statusWeights.
func companyStatus(r *rng) string {
	v := r.intn(1000)
	for _, s := range statusWeights {
		if v < s.cum {
			return s.status
		}
	}
	return StatusActive
}

// companyName builds the Thai and English names in the registry's style:
// บริษัท สยามรุ่งเรือง เทรดดิ้ง จำกัด / SIAM RUNGRUEANG TRADING COMPANY LIMITED.
func companyName(r *rng, typ string, word name) (string, string) {
	a := pick(r, companyWords)
	th, en := a.th, a.en
	if r.pct(60) {
		b := pick(r, companyWords)
		if b != a {
			th, en = th+b.th, en+" "+b.en
		}
	}
	th, en = th+" "+word.th, en+" "+word.en
	switch typ {
	case LimitedPartnership:
		return "ห้างหุ้นส่วนจำกัด " + th, en + " LIMITED PARTNERSHIP"
	case PublicCompanyLimited:
		return "บริษัท " + th + " จำกัด (มหาชน)", en + " PUBLIC COMPANY LIMITED"
	}
	return "บริษัท " + th + " จำกัด", en + " COMPANY LIMITED"
}

// directors draws 1–7 adult directors (1–2 managing partners for a
// partnership) among the generated persons.
func (g *Generator) directors(r *rng, typ string) []Director {
	count, position := 1+r.intn(7), positionDirector
	if typ == LimitedPartnership {
		count, position = 1+r.intn(2), positionManagingPartner
	}
	out := make([]Director, 0, count)
	for try := 0; len(out) < count && try < 20*count; try++ {
		p, _ := g.Person(r.intn(g.persons))
		if yearsBetween(p.BirthDate, AsOf) < 20 {
			continue
		}
		out = append(out, Director{PersonIndex: p.Index, Title: p.Title, FirstTH: p.FirstTH, LastTH: p.LastTH, Position: position})
	}
	return out
}

// Juristic person types as the juristic registry writes them.
const (
	CompanyLimited          = "บริษัทจำกัด"
	LimitedPartnership      = "ห้างหุ้นส่วนจำกัด"
	PublicCompanyLimited    = "บริษัทมหาชนจำกัด"
	positionDirector        = "กรรมการ"
	positionManagingPartner = "หุ้นส่วนผู้จัดการ"
)

// Juristic statuses as the juristic registry writes them.
const (
	StatusActive       = "ยังดำเนินกิจการอยู่"
	StatusRestored     = "คืนสู่ทะเบียน"
	StatusDissolved    = "เลิก"
	StatusLiquidated   = "เสร็จการชำระบัญชี"
	StatusAbandoned    = "ร้าง"
	StatusBankrupt     = "ล้มละลาย"
	StatusRehabilitate = "ฟื้นฟู"
)

// statusWeights gives each status its share in per mille.
var statusWeights = []struct {
	status string
	cum    int
}{
	{StatusActive, 720}, {StatusRestored, 730}, {StatusDissolved, 820}, {StatusLiquidated, 930},
	{StatusAbandoned, 985}, {StatusBankrupt, 995}, {StatusRehabilitate, 1000},
}

// objective is a business objective: a TSIC 2009 code, its Thai description
// and a word that companies in the line of business put in their names.
type objective struct {
	code, th string
	word     name
}

var objectives = []objective{
	{"46900", "การขายส่งสินค้าทั่วไป", name{"เทรดดิ้ง", "TRADING"}},
	{"47190", "การขายปลีกสินค้าทั่วไปในร้านค้า", name{"ซัพพลาย", "SUPPLY"}},
	{"41001", "การก่อสร้างอาคารที่พักอาศัย", name{"คอนสตรัคชั่น", "CONSTRUCTION"}},
	{"43299", "งานติดตั้งอื่นๆ ในการก่อสร้าง", name{"เอ็นจิเนียริ่ง", "ENGINEERING"}},
	{"62010", "การเขียนโปรแกรมคอมพิวเตอร์", name{"ซอฟต์แวร์", "SOFTWARE"}},
	{"62020", "การให้คำปรึกษาด้านคอมพิวเตอร์", name{"เทคโนโลยี", "TECHNOLOGY"}},
	{"56101", "ภัตตาคารและร้านอาหาร", name{"ฟู้ด", "FOOD"}},
	{"10799", "การผลิตผลิตภัณฑ์อาหารอื่นๆ", name{"ฟู้ดส์", "FOODS"}},
	{"49231", "การขนส่งสินค้าทางถนน", name{"โลจิสติกส์", "LOGISTICS"}},
	{"68101", "การซื้อและการขายอสังหาริมทรัพย์", name{"พร็อพเพอร์ตี้", "PROPERTY"}},
	{"70209", "กิจกรรมการให้คำปรึกษาด้านการบริหารจัดการอื่นๆ", name{"คอนซัลแทนท์", "CONSULTANT"}},
	{"55101", "โรงแรมและรีสอร์ท", name{"โฮเทล", "HOTEL"}},
	{"45201", "การบำรุงรักษาและซ่อมยานยนต์", name{"ออโต้", "AUTO"}},
	{"01110", "การปลูกข้าว", name{"อะกริ", "AGRI"}},
	{"86101", "กิจกรรมโรงพยาบาล", name{"เมดิคอล", "MEDICAL"}},
	{"85499", "การศึกษาอื่นๆ", name{"เอดูเคชั่น", "EDUCATION"}},
}

// companyWords make up the distinctive part of company names.
var companyWords = []name{
	{"สยาม", "SIAM"}, {"ไทย", "THAI"}, {"รุ่งเรือง", "RUNGRUEANG"}, {"เจริญ", "CHAROEN"},
	{"พัฒนา", "PHATTHANA"}, {"มั่นคง", "MANKHONG"}, {"ศรี", "SRI"}, {"ทอง", "THONG"},
	{"เพชร", "PHET"}, {"อุดม", "UDOM"}, {"กรุงเทพ", "BANGKOK"}, {"เอเชีย", "ASIA"},
	{"โกลบอล", "GLOBAL"}, {"แปซิฟิก", "PACIFIC"}, {"ยูไนเต็ด", "UNITED"}, {"สตาร์", "STAR"},
	{"ซัน", "SUN"}, {"กรีน", "GREEN"}, {"เอ็กซ์เพรส", "EXPRESS"}, {"ดิจิทัล", "DIGITAL"},
	{"สมาร์ท", "SMART"}, {"พลัส", "PLUS"}, {"เมก้า", "MEGA"}, {"ไทยแลนด์", "THAILAND"},
	{"อินเตอร์", "INTER"}, {"แอดวานซ์", "ADVANCE"}, {"ล้านนา", "LANNA"}, {"อันดามัน", "ANDAMAN"},
}

// capitals are registered capitals in baht that recur in the registry.
var capitals = []int64{
	100_000, 500_000, 1_000_000, 1_000_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000,
	5_000_000, 10_000_000, 20_000_000, 50_000_000, 100_000_000,
}
