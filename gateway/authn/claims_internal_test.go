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
		c.Confirm = &struct {
			Thumbprint string `json:"x5t#S256"`
		}{s}
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
