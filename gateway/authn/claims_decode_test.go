package authn

import (
	"encoding/json"
	"reflect"
	"testing"
)

// decodeCases are claims texts that pass checkTokenJSON, chosen for the
// ways encoding/json reads them: nulls, escapes, nesting, white space,
// unknown members and every wrong type a claim can have.
var decodeCases = []string{
	`{"iss":"DLA","sub":"officer-17","aud":"urn:gdx","iat":1700000000,"nbf":1700000000,"exp":1700000120,"jti":"j-1","purpose":"licensing","ial":"2.3","aal":"2","cnf":{"x5t#S256":"abc"}}`,
	` { "iss" : "DLA" , "aud" : [ "a" , "urn:gdx" ] , "exp" : 5 } `,
	`{"sub":null,"aud":null,"iat":null,"cnf":null}`,
	`{"sub":"o\u0066ficer \"17\" \\ \/ \u00e9","jti":"\ud83d\ude00"}`,
	`{"\u0073ub":"escaped name","i\u0073s":"DLA"}`,
	`{"note":{"a":[1,2,{"b":"}"}],"c":"]"},"iss":"after a nested unknown"}`,
	`{"cnf":{"other":[{"x5t#S256":"nested"}],"x5t#S256":"t"}}`,
	`{"cnf":{"x5t#S256":null}}`,
	`{"aud":{"k":[true,false,null]},"x":-1.5e3}`,
	`{}`,
	`{"sub":5}`,
	`{"sub":true}`,
	`{"sub":["a"]}`,
	`{"sub":{}}`,
	`{"cnf":"x"}`,
	`{"cnf":[]}`,
	`{"cnf":5}`,
	`{"cnf":{"x5t#S256":7}}`,
	`{"iat":"5"}`,
	`{"iat":1.5}`,
	`{"exp":99999999999999999999}`,
	`{"exp":-3}`,
	`{"nbf":{}}`,
	`{"ial":2.3}`,
	`{"x5t#S256":"top-level: not the cnf one","cnf":{}}`,
}

// TestDecodeClaimsIsEncodingJSON: for each case, decodeClaims refuses
// exactly when encoding/json fails, and otherwise decodes the same claims.
func TestDecodeClaimsIsEncodingJSON(t *testing.T) {
	for _, data := range decodeCases {
		if err := checkTokenJSON([]byte(data), "claims", claimNames, ReasonClaimsMalformed); err != nil {
			t.Fatalf("%s does not pass the token checks: %v", data, err)
		}
		sameAsEncodingJSON(t, []byte(data))
	}
}

// FuzzDecodeClaimsIsEncodingJSON is TestDecodeClaimsIsEncodingJSON on any
// text the token checks pass.
func FuzzDecodeClaimsIsEncodingJSON(f *testing.F) {
	for _, data := range decodeCases {
		f.Add([]byte(data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkTokenJSON(data, "claims", claimNames, ReasonClaimsMalformed) != nil {
			return
		}
		sameAsEncodingJSON(t, data)
	})
}

func sameAsEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	var got, want claims
	gotErr, wantErr := decodeClaims(data, &got), json.Unmarshal(data, &want)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s: decodeClaims %v, encoding/json %v", data, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\ndecodeClaims %+v\nencoding/json %+v", data, got, want)
	}
}
