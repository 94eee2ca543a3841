package gateway

import (
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/authn"
)

// TestCallerClientInfoIsClientInfo: a verified caller's thumbprint stands
// in for the certificate's, which the verifier found equal
// (authn's TestVerifyAcceptsAValidToken), and without one the
// certificate's is computed as before.
func TestCallerClientInfoIsClientInfo(t *testing.T) {
	ca, err := certs.Init(t.TempDir(), certs.InitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cred, err := ca.IssueAgency("DLA", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(cred.CertPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
	c.Set(ctxCert, cert)
	want := clientInfo(c)
	if want.Thumbprint != certs.Thumbprint(cert) || want.Addr == "" {
		t.Fatalf("clientInfo = %+v", want)
	}
	for _, caller := range []authn.Caller{{CertThumbprint: certs.Thumbprint(cert)}, {}} {
		if got := callerClientInfo(c, caller); got != want {
			t.Errorf("callerClientInfo with %q = %+v, want %+v", caller.CertThumbprint, got, want)
		}
	}
}
