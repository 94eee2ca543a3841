package admin

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// maxDraftFiles bounds the files of one draft.
const maxDraftFiles = 256

// draftRequest is the body of POST /admin/v1/policy-versions.
type draftRequest struct {
	Draft
}

// Validate checks that the draft changes something and stays in bounds.
func (r *draftRequest) Validate() error {
	switch {
	case len(r.Modules) == 0 && len(r.Remove) == 0:
		return catalog.Errorf(catalog.KindInvalid, "a draft needs modules (file name → Rego source) or files to remove")
	case r.Whole && len(r.Remove) > 0:
		return catalog.Errorf(catalog.KindInvalid, "a whole set replaces every file; leave remove empty")
	case len(r.Modules)+len(r.Remove) > maxDraftFiles:
		return catalog.Errorf(catalog.KindInvalid, "a draft may name at most %d files", maxDraftFiles)
	case len(r.Note) > maxNote:
		return catalog.Errorf(catalog.KindInvalid, "note is longer than %d bytes", maxNote)
	}
	return nil
}

func (s *Server) handleVersionList(c *gin.Context) error {
	vs, err := s.svc.ListVersions(c.Request.Context(), caller(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"versions": nonNil(vs)})
	return nil
}

func (s *Server) handleVersionShow(c *gin.Context) error {
	id, err := versionID(c)
	if err != nil {
		return err
	}
	v, err := s.svc.ShowVersion(c.Request.Context(), caller(c), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

func (s *Server) handleDraft(c *gin.Context) error {
	var req draftRequest
	if err := bind(c, s.limit, &req); err != nil {
		return err
	}
	v, err := s.svc.DraftPolicy(c.Request.Context(), caller(c), req.Draft)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, v)
	return nil
}

func (s *Server) handleImpact(c *gin.Context) error { return onVersion(c, s.svc.PolicyImpact) }

func (s *Server) handleApprove(c *gin.Context) error { return onVersion(c, s.svc.ApprovePolicy) }

func (s *Server) handleReject(c *gin.Context) error {
	id, err := versionID(c)
	if err != nil {
		return err
	}
	var req noteRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	if err := s.svc.RejectPolicy(c.Request.Context(), caller(c), id, req.Note); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) handleActivate(c *gin.Context) error { return onVersion(c, s.svc.ActivatePolicy) }

func (s *Server) handleRollback(c *gin.Context) error {
	id, err := versionID(c)
	if err != nil {
		return err
	}
	var req noteRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	v, err := s.svc.RollbackPolicy(c.Request.Context(), caller(c), id, req.Note)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, v)
	return nil
}

// onVersion answers 200 with what a workflow verb on one policy version
// (the route's :id) returns.
func onVersion[T any](c *gin.Context, verb func(ctx context.Context, by Caller, id int64) (T, error)) error {
	id, err := versionID(c)
	if err != nil {
		return err
	}
	out, err := verb(c.Request.Context(), caller(c), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, out)
	return nil
}
