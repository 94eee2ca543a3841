package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// grantRequest is the body of POST /admin/v1/grants.
type grantRequest struct {
	GrantRequest
}

// Validate checks what the store cannot: that the request names its
// dataset, purposes, fields and end, within bounds.
func (r *grantRequest) Validate() error {
	switch {
	case !catalog.ValidDatasetID(r.Dataset):
		return catalog.Errorf(catalog.KindInvalid, "dataset %q is not a dataset id", r.Dataset)
	case r.Consumer != "" && !catalog.ValidAgencyCode(r.Consumer):
		return catalog.Errorf(catalog.KindInvalid, "consumer %q is not an agency code", r.Consumer)
	case len(r.Purposes) == 0 || len(r.Fields) == 0:
		return catalog.Errorf(catalog.KindInvalid, "a grant request names its purposes and fields")
	case r.ValidTo.IsZero():
		return catalog.Errorf(catalog.KindInvalid, "a grant request names its end (valid_to, RFC 3339)")
	}
	return checkLists(r.Purposes, r.Fields, r.Unmasked)
}

// narrowRequest is the body of POST /admin/v1/grants/:id/approve.
type narrowRequest struct {
	Narrowing
}

// Validate bounds the lists; the verb checks that they only narrow.
func (r *narrowRequest) Validate() error { return checkLists(r.Purposes, r.Fields, r.Unmasked) }

func checkLists(lists ...[]string) error {
	for _, l := range lists {
		if len(l) > catalog.MaxGrantFields {
			return catalog.Errorf(catalog.KindInvalid, "a grant lists at most %d purposes or fields", catalog.MaxGrantFields)
		}
	}
	return nil
}

func (s *Server) handleGrantList(c *gin.Context) error {
	q := GrantQuery{Consumer: c.Query("consumer"), Dataset: c.Query("dataset"), Status: catalog.GrantStatus(c.Query("status"))}
	gs, err := s.svc.ListGrants(c.Request.Context(), caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"grants": gs})
	return nil
}

func (s *Server) handleGrantRequest(c *gin.Context) error {
	var req grantRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	g, err := s.svc.RequestGrant(c.Request.Context(), caller(c), req.GrantRequest)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, g)
	return nil
}

func (s *Server) handleGrantApprove(c *gin.Context) error {
	var req narrowRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	g, err := s.svc.ApproveGrant(c.Request.Context(), caller(c), c.Param("id"), req.Narrowing)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, g)
	return nil
}

func (s *Server) handleGrantRefuse(c *gin.Context) error {
	var req noteRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	g, err := s.svc.RefuseGrant(c.Request.Context(), caller(c), c.Param("id"), req.Note)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, g)
	return nil
}

func (s *Server) handleGrantRevoke(c *gin.Context) error {
	var req noteRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	g, err := s.svc.RevokeGrant(c.Request.Context(), caller(c), c.Param("id"), req.Note)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, g)
	return nil
}
