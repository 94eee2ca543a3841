package gateway

import (
	"crypto/x509"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
)

// Whoami is the answer of GET /v1/whoami: who the exchange believes is
// calling, and by which certificate.
type Whoami struct {
	Agency      WhoamiAgency      `json:"agency"`
	Officer     string            `json:"officer"`
	Purpose     WhoamiPurpose     `json:"purpose"`
	IAL         catalog.IAL       `json:"ial"`
	AAL         catalog.AAL       `json:"aal"`
	KeyID       string            `json:"kid"`
	Expires     time.Time         `json:"token_expires"`
	Certificate WhoamiCertificate `json:"certificate"`
}

// WhoamiPurpose names the declared purpose and its lawful basis.
type WhoamiPurpose struct {
	Code  string              `json:"code"`
	Basis catalog.LawfulBasis `json:"basis"`
}

// WhoamiAgency names the verified agency.
type WhoamiAgency struct {
	Code   string `json:"code"`
	NameTH string `json:"name_th"`
	NameEN string `json:"name_en"`
}

// WhoamiCertificate describes the client certificate presented.
type WhoamiCertificate struct {
	Subject    string    `json:"subject"`
	Serial     string    `json:"serial"`
	Thumbprint string    `json:"x5t#S256"`
	NotAfter   time.Time `json:"not_after"`
}

func (s *apiServer) handleWhoami(c *gin.Context) error {
	agency, err := agencyOf(c)
	if err != nil {
		return err
	}
	caller, err := callerOf(c)
	if err != nil {
		return err
	}
	if err := s.settleToken(c); err != nil {
		return err
	}
	leaf := c.MustGet(ctxCert).(*x509.Certificate)
	c.JSON(http.StatusOK, Whoami{
		Agency:  WhoamiAgency{Code: agency.Code, NameTH: agency.NameTH, NameEN: agency.NameEN},
		Officer: caller.Officer,
		Purpose: WhoamiPurpose{Code: caller.Purpose.Code, Basis: caller.Purpose.Basis},
		IAL:     caller.IAL, AAL: caller.AAL, KeyID: caller.KeyID, Expires: caller.Expires.UTC(),
		Certificate: WhoamiCertificate{
			Subject:    leaf.Subject.String(),
			Serial:     leaf.SerialNumber.Text(16),
			Thumbprint: certs.Thumbprint(leaf),
			NotAfter:   leaf.NotAfter.UTC(),
		},
	})
	return nil
}
