package connectors

import "testing"

// companyJSONCases are profile bodies for which decodeObject must mean
// what encoding/json meant: RegisterCapital as a json.Number (a number,
// or a string holding one), ResultList as a pointer to a slice (null,
// missing and empty differ), lists given twice, wrong types.
func companyJSONCases(tb testing.TB) []string {
	e := func(old, new string) string { return edit(tb, companyBody, old, new) }
	return []string{
		companyBody,
		e(`1000000`, `"1000000.50"`),
		e(`1000000`, `"1e3"`),
		e(`1000000`, `-0.5E-2`),
		e(`1000000`, `"\u0031e5"`),
		e(`1000000`, `""`),
		e(`1000000`, `" 1"`),
		e(`1000000`, `"01"`),
		e(`1000000`, `"1000000","RegisterCapital":null`),
		e(`1000000`, `true`),
		e(`1000000`, `{}`),
		e(`"ResultList":[`, `"ResultList":null,"ResultList":[`),
		e(`"ResultList":[`, `"ResultList":[],"x":[`),
		e(`"ResultList":[`, `"ResultList":[null,`),
		e(`"ResultList":[`, `"resultlist":[`),
		e(`"ResultList":[`, `"ResultList":{},"x":[`),
		e(`"JuristicID":"0105000000012"`, `"JuristicID":105000000012`),
		e(`"JuristicID":"0105000000012"`, `"juristicid":"0105000000012","JuristicID":null`),
		e(`"JuristicName_TH"`, `"JURISTICNAME_TH"`),
		e(`"CommitteeInformations":[`, `"CommitteeInformations":[{"Sequence":9,"FirstName":"a"},{"Sequence":8,"LastName":"b"},{}],`+
			`"CommitteeInformations":[{}],"CommitteeInformations":[`),
		e(`"Sequence":2`, `"Sequence":2.5`),
		e(`"Sequence":2`, `"Sequence":"2"`),
		e(`"Sequence":2`, `"Sequence":-9223372036854775808`),
		e(`"AddressInformations":[`, `"AddressInformations":null,"x":[`),
		e(`"AddressInformations":[`, `"AddressInformations":[5,`),
		e(`"Moo":"12"`, `"Moo":12`),
		e(`"StandardObjectiveInformations":[`, `"StandardObjectiveInformations":"x","y":[`),
		`{"ResultCode":"0000","ResultList":[]}`, `{"ResultCode":"0000"}`, `{"ResultList":null}`, `{"ResultCode":5}`, `[]`,
	}
}

// TestDecodeCompanyIsEncodingJSON is TestDecodeObjectIsEncodingJSON for
// the juristic registry's profile bodies.
func TestDecodeCompanyIsEncodingJSON(t *testing.T) {
	for _, body := range companyJSONCases(t) {
		sameCompanyAsEncodingJSON(t, []byte(body))
	}
}

// FuzzDecodeCompanyIsEncodingJSON is TestDecodeCompanyIsEncodingJSON on
// any body, seeded with the simulator's real answers.
func FuzzDecodeCompanyIsEncodingJSON(f *testing.F) {
	addSeeds(f, simCompanies(f, 8), companyJSONCases(f))
	f.Fuzz(sameCompanyAsEncodingJSON)
}

func sameCompanyAsEncodingJSON(t *testing.T, body []byte) {
	t.Helper()
	if _, ok := sameAsEncodingJSON(t, body, juristicFields); !ok {
		return
	}
	// decodeCompany has nothing but the struct from JSON: the record is the
	// same as the struct is; it is called for its panics and refusals.
	rec, err := decodeCompany(answer{200, body}, testJuristic)
	if err == nil && rec["juristic_id"] != testJuristic {
		t.Fatalf("%q: a record for %v", body, rec["juristic_id"])
	}
}

// BenchmarkDecodeCompany decodes a real simulator answer into its record.
func BenchmarkDecodeCompany(b *testing.B) {
	benchDecode(b, decodeCompany, simCompanies(b, 1)[0])
}
