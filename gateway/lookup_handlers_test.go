package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

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
	cert := issueCert(t, ca, "DLA")
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
