package gateway

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// authenticate runs both checks (certificate, then request JWT) and leaves
// an audit event for every failure: agency if known, the failed check,
// time, client address and certificate thumbprint.
func (s *apiServer) authenticate(c *gin.Context) error {
	err := s.requireAgency(c)
	if err == nil {
		err = s.requireToken(c)
	}
	if err != nil {
		s.auditAuthFailure(c, err)
	}
	return err
}

func (s *apiServer) auditAuthFailure(c *gin.Context, cause error) {
	info := clientInfo(c)
	if !s.failures.allow(info.Addr, catalog.ErrorReason(cause), time.Now()) {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), 5*time.Second)
	defer cancel()
	e := audit.Event{RequestID: httpapi.RequestID(c), Kind: audit.KindAuthFailure, Agency: c.GetString(ctxAgency),
		Decision: audit.DecisionDeny, Status: httpapi.Status(cause), ClientAddr: info.Addr,
		CertThumbprint: info.Thumbprint, Check: catalog.ErrorReason(cause)}
	if _, err := s.deps.Audit.Append(ctx, e); err != nil {
		s.log.Error("audit of an authentication failure failed", "request_id", e.RequestID, "check", e.Check, "err", err)
	}
}
