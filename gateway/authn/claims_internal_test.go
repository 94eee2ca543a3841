package authn

import (
	"crypto/x509"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
)

func TestAudienceHas(t *testing.T) {
	const ours = "urn:gdx:gateway"
	for _, tt := range []struct {
		raw  string
		want bool
	}{
		{`"urn:gdx:gateway"`, true},
		{`"urn:gdx:gatewa\u0079"`, true},
		{`"urn:gdx:gateway\\"`, false},
		{`"urn:gdx:gateway "`, false},
		{`"urn:gdx:gatew"`, false},
		{`""`, false},
		{`["elsewhere","urn:gdx:gateway"]`, true},
		{`["elsewhere"]`, false},
		{`[]`, false},
		{`null`, false},
		{`7`, false},
		{`{"aud":"urn:gdx:gateway"}`, false},
	} {
		if got := audienceHas(json.RawMessage(tt.raw), ours); got != tt.want {
			t.Errorf("audienceHas(%s) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}

// TestBindingIsCertsThumbprint holds checkBinding's in-place thumbprint
// to certs.Thumbprint.
func TestBindingIsCertsThumbprint(t *testing.T) {
	cert := &x509.Certificate{Raw: []byte("not a real certificate, but bytes to hash")}
	thumb := certs.Thumbprint(cert)
	if len(thumb) != thumbprintLength {
		t.Fatalf("certs.Thumbprint has %d characters, want %d", len(thumb), thumbprintLength)
	}
	bound := func(s string) claims {
		c := claims{}
		c.Confirm.Thumbprint = s
		return c
	}
	if err := checkBinding(bound(thumb), cert); err != nil {
		t.Errorf("the certificate's own thumbprint: %v", err)
	}
	for _, other := range []string{thumb[:42], thumb + "A", thumb[:42] + "x", strings.ToUpper(thumb)} {
		if other == thumb {
			continue
		}
		if err := checkBinding(bound(other), cert); catalog.ErrorReason(err) != ReasonBindingMismatch {
			t.Errorf("thumbprint %q: %v, want %s", other, err, ReasonBindingMismatch)
		}
	}
}

// TestNumericDateDecodesAsAnInt64Pointer holds numericDate to what
// encoding/json does with the *int64 it replaced.
func TestNumericDateDecodesAsAnInt64Pointer(t *testing.T) {
	for _, v := range []string{"0", "-5", "1700000000", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
		"1.5", "1e3", "1.0", `"17"`, "true", "false", "null", "{}", "[]", "[1]", "-0"} {
		var want struct {
			Exp *int64 `json:"exp"`
		}
		var got struct {
			Exp numericDate `json:"exp"`
		}
		text := []byte(`{"exp":` + v + `}`)
		wantErr, gotErr := json.Unmarshal(text, &want), json.Unmarshal(text, &got)
		if (wantErr != nil) != (gotErr != nil) {
			t.Errorf("exp %s: error %v, want %v", v, gotErr, wantErr)
			continue
		}
		if wantErr == nil && (got.Exp.set != (want.Exp != nil) || want.Exp != nil && got.Exp.v != *want.Exp) {
			t.Errorf("exp %s: %+v, want %v", v, got.Exp, want.Exp)
		}
	}
	var absent struct {
		Exp numericDate `json:"exp"`
	}
	if err := json.Unmarshal([]byte(`{}`), &absent); err != nil || absent.Exp.set {
		t.Errorf("absent exp: %+v, %v", absent.Exp, err)
	}
}
