package connectors

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// personJSONCases are person bodies for which decodeObject must mean what
// encoding/json meant: good ones, odd but valid ones (case variants,
// duplicates, nulls, escapes, unknown members) and bad ones (wrong types,
// non-integers, not JSON, not an object).
func personJSONCases(tb testing.TB) []string {
	e := func(old, new string) string { return edit(tb, personBody, old, new) }
	return []string{
		personBody,
		" \n\t" + personBody + "\r\n ",
		e(`"firstName"`, `"FIRSTNAME"`),
		e(`"firstName"`, `"firſtName"`), // ſ (U+017F) folds to s
		e(`"firstName"`, `"Firstname":"first","firstName"`),
		e(`"firstName"`, `"firstName":"exact","FIRSTNAME"`),
		e(`"lastName":"จันทร์สวัสดิ์"`, `"lastName":"a","lastName":"last wins"`),
		e(`"titleDesc":"นาง"`, `"titleDesc":"นาง","titleDesc":null`),
		e(`"personalID":"1000000000017"`, `"personalID":"1000000000017","personalID":null`),
		e(`"personalID":"1000000000017"`, `"personalID":1000000000017`),
		e(`"personalID":"1000000000017"`, `"personalID":"\u0031000000000017"`),
		e(`"personalID":"1000000000017"`, `"personalID":"10000\/00000017"`),
		e(`"personalID":"1000000000017"`, `"personalID":1.5`),
		e(`"personalID":"1000000000017"`, `"personalID":true`),
		e(`"personalID":"1000000000017"`, `"personalID":{"a":"1"}`),
		e(`"personalID":"1000000000017"`, `"personalID":[1]`),
		e(`"personalID":"1000000000017"`, `"personalID":"123456789012345678901"`),
		e(`"houseID":10010000000`, `"houseID":null`),
		e(`"houseID":10010000000`, `"houseID":-1`),
		e(`"firstName":"กาญจนา"`, `"firstName":"\u0e01\u0e32\u0E0D \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t \u003c&"`),
		e(`"firstName":"กาญจนา"`, `"firstName":"\ud800 \udc00 \ud800\ud800 \ud83d\u0041 \udbff\udfff"`),
		e(`"firstName"`, `"\u0066irstName"`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":null`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":-0`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":25300318.0`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":2.5300318e7`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":1e3`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":9223372036854775807`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":9223372036854775808`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":"25300318"`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":true`),
		e(`"dateOfBirth":25300318`, `"dateOfBirth":[]`),
		e(`"villageNo":9`, `"villageNo":-9223372036854775808`),
		e(`"villageNo":9`, `"villageNo":1.5`),
		e(`"villageNo":9`, `"villageNo":"9"`),
		e(`"villageNo":9`, `"VillageNO":10`),
		e(`"genderDesc":"หญิง"`, `"genderDesc":5`),
		e(`"genderDesc":"หญิง"`, `"genderDesc":false`),
		e(`"genderDesc":"หญิง"`, `"genderDesc":{}`),
		e(`"genderDesc":"หญิง"`, `"genderDesc":["หญิง"]`),
		e(`"postcode":"12110"`, `"postcode":12110`),
		e(`"genderCode":2`, `"genderCode":{"a":[1,{"b":"}"}],"c":"]"},"more":[true,false,null,-1.5e3]`),
		`{}`, `{"personalID":"1000000000017"}`, `{"firstName":null}`,
		`[]`, `"x"`, `null`, `5`, ``, ` `, `{`, `{}x`, `{}{}`, `{"a":1,}`, `{'a':1}`, "\u00a0{}", "\v{}",
		e(`กาญจนา`, "\xff\xfe"), e(`"postcode"`, `"post`+"\x00"+`code"`),
	}
}

// TestDecodeObjectIsEncodingJSON: for each person body decodeObject
// refuses exactly when unmarshal (encoding/json) does, and otherwise
// decodes the same dopaPerson, so decodePerson gives the same record.
func TestDecodeObjectIsEncodingJSON(t *testing.T) {
	for _, body := range personJSONCases(t) {
		samePersonAsEncodingJSON(t, []byte(body))
	}
}

// FuzzDecodePersonIsEncodingJSON is TestDecodeObjectIsEncodingJSON on any
// body, seeded with the simulator's real answers.
func FuzzDecodePersonIsEncodingJSON(f *testing.F) {
	persons, _ := simAnswers(f, 8)
	addSeeds(f, persons, personJSONCases(f))
	f.Fuzz(samePersonAsEncodingJSON)
}

func samePersonAsEncodingJSON(t *testing.T, body []byte) {
	t.Helper()
	want, ok := sameAsEncodingJSON(t, body, personFields)
	if !ok {
		return
	}
	// And the record the lookup answers with, for the key in the body.
	key := string(want.PersonalID)
	rec, err := decodePerson(answer{200, body}, key)
	wantRec, wantErr := want.record(key)
	sameRecord(t, body, rec, err, wantRec, wantErr)
}

// sameAsEncodingJSON decodes body with fs and with unmarshal (encoding/json)
// and fails unless both refuse it or both give the same value, which it
// returns with ok true.
func sameAsEncodingJSON[T any](t *testing.T, body []byte, fs jsontext.Fields[T]) (want T, ok bool) {
	t.Helper()
	var got T
	gotErr, wantErr := decodeObject(body, fs, &got), unmarshal(body, &want)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%q: decodeObject %v, encoding/json %v", body, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\ndecodeObject  %+v\nencoding/json %+v", body, got, want)
	}
	return want, wantErr == nil
}

func sameRecord(t *testing.T, body []byte, rec Record, err error, want Record, wantErr error) {
	t.Helper()
	if (err == nil) != (wantErr == nil) || err == nil && !reflect.DeepEqual(rec, want) {
		t.Fatalf("%q: decoded %v, %v; from encoding/json's value %v, %v", body, rec, err, want, wantErr)
	}
}

// houseJSONCases are house bodies for which decodeObject must mean what
// encoding/json meant, above all for members: null, given twice (the
// second array read into the first's elements, even past its length),
// elements of the wrong type.
func houseJSONCases(tb testing.TB) []string {
	e := func(old, new string) string { return edit(tb, houseBody, old, new) }
	m := func(id, first string) string {
		return `{"personalID":"` + id + `","titleDesc":"นาย","firstName":"` + first +
			`","lastName":"ล","statusOfPersonDesc":"มีชีวิต","houseRelationDesc":"ผู้อาศัย"}`
	}
	two := m("1000000000009", "a") + "," + m("1000000000017", "b")
	return []string{
		houseBody,
		e(`"members":[`, `"members":[`+two+`],"members":[`),
		e(`"members":[`, `"members":[`+two+`],"members":[{"firstName":"merged"}],"members":[{"lastName":"x"},`),
		e(`"members":[`, `"members":[`+two+`],"members":[{}],"members":[{},{"lastName":"y"}],"x":[`),
		e(`"members":[`, `"members":[`+two+`,`+two+`,`+two+`],"members":[{}],"members":[{},{},{},{},{"lastName":"y"},{}],"x":[`),
		e(`"members":[`, `"members":[`+two+`],"members":[],"members":[`),
		e(`"members":[`, `"members":null,"members":[`),
		e(`"members":[`, `"members":[`+two+`],"members":null,"x":[`),
		e(`"members":[`, `"members":[null,`),
		e(`"members":[`, `"MEMBERS":[`),
		e(`"members":[`, `"members":{},"x":[`),
		e(`"members":[`, `"members":"x","x":[`),
		e(`"members":[`, `"members":[5,`),
		e(`"members":[`, `"members":[[],`),
		e(`"members":[`, `"members":[],"x":[`),
		e(`"personalID":"1000000000009"`, `"personalID":1000000000009`),
		e(`"personalID":"1000000000009"`, `"PersonalId":"1000000000009","personalID":null`),
		e(`"firstName":"เพ็ญศรี"`, `"firstName":"\u0e40\ud83d\ude00","FirstName":5`),
		e(`"houseID":10010000000`, `"houseID":"10010000000"`),
		e(`"houseID":10010000000`, `"houseID":10010000000.5`),
		`{}`, `{"members":[]}`, `[]`, `null`,
	}
}

// TestDecodeHouseIsEncodingJSON is TestDecodeObjectIsEncodingJSON for
// house bodies.
func TestDecodeHouseIsEncodingJSON(t *testing.T) {
	for _, body := range houseJSONCases(t) {
		sameHouseAsEncodingJSON(t, []byte(body))
	}
}

// FuzzDecodeHouseIsEncodingJSON is TestDecodeHouseIsEncodingJSON on any
// body, seeded with the simulator's real answers.
func FuzzDecodeHouseIsEncodingJSON(f *testing.F) {
	_, houses := simAnswers(f, 8)
	addSeeds(f, houses, houseJSONCases(f))
	f.Fuzz(sameHouseAsEncodingJSON)
}

func sameHouseAsEncodingJSON(t *testing.T, body []byte) {
	t.Helper()
	want, ok := sameAsEncodingJSON(t, body, houseFields)
	if !ok {
		return
	}
	key := want.HouseID.padded(11)
	rec, err := decodeHouse(answer{200, body}, key)
	wantRec, wantErr := want.record(key)
	sameRecord(t, body, rec, err, wantRec, wantErr)
}

// TestFieldsAreTheTags: each Fields table names the json tags of its
// struct, in the struct's order, embedded structs' promoted in place, so
// that no member is skipped that encoding/json reads and the first case
// folded match is encoding/json's.
func TestFieldsAreTheTags(t *testing.T) {
	check := func(name string, typ reflect.Type, names []string) {
		if want := tagNames(typ); !reflect.DeepEqual(names, want) {
			t.Errorf("%s reads %q, the struct's tags are %q", name, names, want)
		}
	}
	check("personFields", reflect.TypeFor[dopaPerson](), fieldNames(personFields))
	check("addressFields", reflect.TypeFor[dopaAddress](), fieldNames(addressFields))
	check("houseFields", reflect.TypeFor[dopaHouse](), fieldNames(houseFields))
	check("memberFields", reflect.TypeFor[dopaMember](), fieldNames(memberFields))
	check("juristicFields", reflect.TypeFor[juristicResponse](), fieldNames(juristicFields))
	check("profileFields", reflect.TypeFor[juristicProfile](), fieldNames(profileFields))
	check("committeeFields", reflect.TypeFor[committee](), fieldNames(committeeFields))
	check("dbdAddressFields", reflect.TypeFor[dbdAddress](), fieldNames(dbdAddressFields))
	check("objectiveFields", reflect.TypeFor[dbdObjectiv](), fieldNames(objectiveFields))
}

func fieldNames[T any](fs jsontext.Fields[T]) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// tagNames lists the json names of typ's fields as encoding/json sees
// them: exported fields by tag, anonymous structs' fields promoted.
func tagNames(typ reflect.Type) []string {
	var names []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			names = append(names, tagNames(f.Type)...)
		case f.IsExported():
			names = append(names, strings.Split(f.Tag.Get("json"), ",")[0])
		}
	}
	return names
}

// BenchmarkDecodeHouse decodes a real simulator answer into its record.
func BenchmarkDecodeHouse(b *testing.B) {
	_, houses := simAnswers(b, 1)
	benchDecode(b, decodeHouse, houses[0])
}

// BenchmarkDecodePerson decodes a real simulator answer into its record.
func BenchmarkDecodePerson(b *testing.B) {
	persons, _ := simAnswers(b, 1)
	benchDecode(b, decodePerson, persons[0])
}

func benchDecode(b *testing.B, decode func(answer, string) (Record, error), a simAnswer) {
	b.SetBytes(int64(len(a.body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(answer{200, a.body}, a.key); err != nil {
			b.Fatal(err)
		}
	}
}
