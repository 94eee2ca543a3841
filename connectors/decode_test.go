package connectors

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

const (
	testCitizen  = "1000000000017"
	testJuristic = "0105000000012"
	testHouse    = "10010000000"
)

// Sample bodies in the upstreams' shapes; seeds for the fuzz targets too.
const (
	personBody = `{"personalID":"1000000000017","titleDesc":"นาง","firstName":"กาญจนา","middleName":"","lastName":"จันทร์สวัสดิ์",
"englishTitleDesc":"Mrs.","englishFirstName":"Kanchana","englishLastName":"Chansawat","dateOfBirth":25300318,
"genderCode":2,"genderDesc":"หญิง","nationalityCode":99,"nationalityDesc":"ไทย","religionDesc":"พุทธ",
"statusOfPersonCode":0,"statusOfPersonDesc":"มีชีวิต","dateOfDeath":0,"dateOfMoveIn":25431221,
"houseID":10010000000,"houseNo":"171/49","villageNo":9,"alleyDesc":"สามัคคี 8","roadDesc":"",
"subdistrictDesc":"รังสิต","districtDesc":"ธัญบุรี","provinceDesc":"ปทุมธานี","postcode":"12110"}`
	houseBody = `{"houseID":10010000000,"houseNo":"171/49","villageNo":9,"alleyDesc":"","roadDesc":"",
"subdistrictDesc":"รังสิต","districtDesc":"ธัญบุรี","provinceDesc":"ปทุมธานี","postcode":"12110",
"members":[{"personalID":"1000000000009","titleDesc":"นาง","firstName":"เพ็ญศรี","lastName":"จันทร์สวัสดิ์",
"genderDesc":"หญิง","dateOfBirth":25390512,"statusOfPersonDesc":"มีชีวิต","houseRelationDesc":"เจ้าบ้าน"}]}`
	companyBody = `{"ResultCode":"0000","ResultDescription":"สำเร็จ","ResultList":[{"JuristicType":"บริษัทจำกัด",
"JuristicID":"0105000000012","RegisterDate":"25640620","JuristicName_TH":"บริษัท อันดามันทอง อะกริ จำกัด",
"JuristicName_EN":"ANDAMAN THONG AGRI COMPANY LIMITED","RegisterCapital":1000000,"JuristicStatus":"ยังดำเนินกิจการอยู่",
"CommitteeInformations":[{"Sequence":2,"TitleName":"นาง","FirstName":"วนิดา","LastName":"ชัยทอง","PositionName":"กรรมการ"},
{"Sequence":1,"TitleName":"นาง","FirstName":"นันทนา","LastName":"พรหมเจริญ","PositionName":"กรรมการ"}],
"AddressInformations":[{"AddressType":"สำนักงานใหญ่","AddressNo":"294","Moo":"12","Soi":"","Road":"","Tumbol":"เหนือ",
"Ampur":"เมืองกาฬสินธุ์","Province":"กาฬสินธุ์","PostCode":"46000"}],
"StandardObjectiveInformations":[{"ObjectiveCode":"01110","ObjectiveDescription":"การปลูกข้าว"}]}]}`
)

func TestBEDate(t *testing.T) {
	tests := []struct {
		in   int64
		want string
		ok   bool
	}{
		{25300115, "1987-01-15", true},
		{25430229, "2000-02-29", true},
		{25440229, "", false}, // 2001 is not a leap year
		{25300100, "1987-01", true},
		{25300000, "1987", true},
		{0, "", true},
		{25301315, "", false},
		{25300132, "", false},
		{25300015, "", false},
		{19870115, "", false}, // a Gregorian date sent by mistake
		{-25300115, "", false},
	}
	for _, tt := range tests {
		got, err := beDate(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("beDate(%d) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// edit replaces old with new in body, failing if old is absent.
func edit(tb testing.TB, body, old, new string) string {
	tb.Helper()
	if !strings.Contains(body, old) {
		tb.Fatalf("sample body lacks %q", old)
	}
	return strings.Replace(body, old, new, 1)
}

func TestDecodePerson(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		kind   catalog.Kind
		check  func(Record) bool
	}{
		{"sample", 200, personBody, "", func(r Record) bool {
			return r["birth_date"] == "1987-03-18" && r["sex"] == "female" && r["death_date"] == nil && r["house_id"] == testHouse &&
				r["address"].(map[string]any)["village_no"] == "9" && r["status"] == "alive"
		}},
		{"house id as string", 200, edit(t, personBody, `10010000000`, `"10010000000"`), "", func(r Record) bool { return r["house_id"] == testHouse }},
		{"deceased", 200, edit(t, edit(t, personBody, `"dateOfDeath":0`, `"dateOfDeath":25640105`), `"มีชีวิต"`, `"ตาย"`), "",
			func(r Record) bool { return r["status"] == "deceased" && r["death_date"] == "2021-01-05" }},
		{"birth day unknown", 200, edit(t, personBody, `25300318`, `25300300`), "", func(r Record) bool { return r["birth_date"] == "1987-03" }},
		{"middle name", 200, edit(t, personBody, `"middleName":""`, `"middleName":"มาลี"`), "", func(r Record) bool { return r["first_name_th"] == "กาญจนา มาลี" }},
		{"someone else", 200, edit(t, personBody, testCitizen, "1000000000025"), catalog.KindUpstream, nil},
		{"no first name", 200, edit(t, personBody, `"กาญจนา"`, `""`), catalog.KindUpstream, nil},
		{"impossible birth date", 200, edit(t, personBody, `25300318`, `25301345`), catalog.KindUpstream, nil},
		{"birth date as string", 200, edit(t, personBody, `25300318`, `"25300318"`), catalog.KindUpstream, nil},
		{"alive with a death date", 200, edit(t, personBody, `"dateOfDeath":0`, `"dateOfDeath":25640105`), catalog.KindUpstream, nil},
		{"unknown gender", 200, edit(t, personBody, `"หญิง"`, `"X"`), catalog.KindUpstream, nil},
		{"bad postcode", 200, edit(t, personBody, `"12110"`, `"12-10"`), catalog.KindUpstream, nil},
		{"trailing data", 200, personBody + `{}`, catalog.KindUpstream, nil},
		{"invalid UTF-8", 200, edit(t, personBody, `กาญจนา`, "\xff\xfe"), catalog.KindUpstream, nil},
		{"array", 200, `[1,2]`, catalog.KindUpstream, nil},
		{"empty", 200, ``, catalog.KindUpstream, nil},
		{"not found", 404, `{"Code":404,"Message":"ไม่พบข้อมูล"}`, catalog.KindNotFound, nil},
		{"404 that is not the registry's", 404, `<html>not found</html>`, catalog.KindUpstream, nil},
		{"bad request", 400, `{"Code":400,"Message":"bad id"}`, catalog.KindUpstream, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDecode(t, decodePerson, answer{tt.status, []byte(tt.body)}, testCitizen, tt.kind, tt.check)
		})
	}
}

func TestDecodeHouseAndCompany(t *testing.T) {
	tests := []struct {
		name   string
		decode func(answer, string) (Record, error)
		key    string
		body   string
		kind   catalog.Kind
		check  func(Record) bool
	}{
		{"house", decodeHouse, testHouse, houseBody, "", func(r Record) bool {
			m := r["members"].([]any)
			return len(m) == 1 && m[0].(map[string]any)["role"] == "head"
		}},
		{"house with no members", decodeHouse, testHouse, edit(t, houseBody, `"members":[`, `"x":[`), catalog.KindUpstream, nil},
		{"house member with unknown relation", decodeHouse, testHouse, edit(t, houseBody, `"เจ้าบ้าน"`, `"?"`), catalog.KindUpstream, nil},
		{"another house", decodeHouse, testHouse, edit(t, houseBody, `10010000000`, `10010000001`), catalog.KindUpstream, nil},
		{"company", decodeCompany, testJuristic, companyBody, "", func(r Record) bool {
			d := r["directors"].([]any)
			return r["registration_date"] == "2021-06-20" && r["capital"] == 1e6 && r["status"] == "active" &&
				d[0].(map[string]any)["first_name"] == "นันทนา" && r["objective_code"] == "01110" &&
				r["address"].(map[string]any)["village_no"] == "12"
		}},
		{"capital as string", decodeCompany, testJuristic, edit(t, companyBody, `1000000`, `"1000000.50"`), "", func(r Record) bool { return r["capital"] == 1000000.5 }},
		{"juristic id as number", decodeCompany, testJuristic, edit(t, companyBody, `"0105000000012"`, `105000000012`), "", nil},
		{"empty result list", decodeCompany, testJuristic, `{"ResultCode":"0000","ResultList":[]}`, catalog.KindNotFound, nil},
		{"no result list", decodeCompany, testJuristic, `{"ResultCode":"0000"}`, catalog.KindUpstream, nil},
		{"another company", decodeCompany, "0105000000020", companyBody, catalog.KindUpstream, nil},
		{"negative capital", decodeCompany, testJuristic, edit(t, companyBody, `1000000`, `-5`), catalog.KindUpstream, nil},
		{"unknown status", decodeCompany, testJuristic, edit(t, companyBody, `ยังดำเนินกิจการอยู่`, `?`), catalog.KindUpstream, nil},
		{"Gregorian register date", decodeCompany, testJuristic, edit(t, companyBody, `25640620`, `20210620`), catalog.KindUpstream, nil},
		{"no address", decodeCompany, testJuristic, edit(t, companyBody, `"AddressInformations":[`, `"X":[`), catalog.KindUpstream, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkDecode(t, tt.decode, answer{200, []byte(tt.body)}, tt.key, tt.kind, tt.check)
		})
	}
}

// checkDecode decodes a and checks the error kind or the record.
func checkDecode(tb testing.TB, decode func(answer, string) (Record, error), a answer, key string, kind catalog.Kind, check func(Record) bool) {
	tb.Helper()
	rec, err := decode(a, key)
	if kind != "" {
		if !catalog.IsKind(err, kind) {
			tb.Fatalf("err = %v (kind %s), want kind %s", err, catalog.ErrorKind(err), kind)
		}
		return
	}
	if err != nil {
		tb.Fatalf("decode: %v", err)
	}
	if check != nil && !check(rec) {
		tb.Errorf("unexpected record %v", rec)
	}
}

// isoDate matches the dates connectors produce.
var isoDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// fuzzDecode checks that decode never panics, fails only with upstream or
// not-found errors, and returns records with the asked key and ISO dates.
func fuzzDecode(f *testing.F, decode func(answer, string) (Record, error), key, keyField string, dates []string, seeds ...string) {
	for _, s := range seeds {
		f.Add(200, []byte(s))
	}
	f.Add(404, []byte(`{"Code":404,"Message":"x"}`))
	f.Add(200, []byte(`{"ResultList":[]}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		rec, err := decode(answer{status, body}, key)
		if err != nil {
			if k := catalog.ErrorKind(err); k != catalog.KindUpstream && k != catalog.KindNotFound {
				t.Fatalf("error of kind %s: %v", k, err)
			}
			return
		}
		if rec[keyField] != key {
			t.Fatalf("record for %v, asked %s", rec[keyField], key)
		}
		for _, d := range dates {
			if s, ok := rec[d].(string); rec[d] != nil && (!ok || !isoDate.MatchString(s)) {
				t.Fatalf("%s = %#v is not an ISO date", d, rec[d])
			}
		}
	})
}

func FuzzDecodePerson(f *testing.F) {
	fuzzDecode(f, decodePerson, testCitizen, "citizen_id", []string{"birth_date", "death_date"},
		personBody, edit(f, personBody, `"dateOfDeath":0`, `"dateOfDeath":25640100`), `{}`, `{"personalID":1000000000017}`)
}

func FuzzDecodeHouse(f *testing.F) {
	fuzzDecode(f, decodeHouse, testHouse, "house_id", nil, houseBody, `{"houseID":"10010000000","members":[]}`)
}

func FuzzDecodeCompany(f *testing.F) {
	fuzzDecode(f, decodeCompany, testJuristic, "juristic_id", []string{"registration_date"},
		companyBody, edit(f, companyBody, `1000000`, `"1e3"`), `{"ResultList":null}`)
}
