package admin

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
)

// datasetRequest is the body of PUT /admin/v1/datasets/:id.
type datasetRequest struct {
	catalog.Dataset
	path string
}

// Validate checks the dataset and that it is the one the path names.
func (r *datasetRequest) Validate() error {
	if r.ID == "" {
		r.ID = r.path
	}
	if r.ID != r.path {
		return catalog.Errorf(catalog.KindInvalid, "the body names dataset %q but the path %q", r.ID, r.path)
	}
	return r.Dataset.Validate()
}

// keyRequest is the body of POST /admin/v1/agencies/:code/keys and of a
// rotation.
type keyRequest struct {
	JWK json.RawMessage `json:"jwk"`
	// Grace is how long the rotated-out key keeps verifying (a Go
	// duration such as "24h"); rotation only; default 24h.
	Grace string `json:"grace,omitempty"`
	grace time.Duration
}

// Validate checks that a JWK is given and the grace is in bounds.
func (r *keyRequest) Validate() error {
	if len(r.JWK) == 0 || string(r.JWK) == "null" {
		return catalog.Errorf(catalog.KindInvalid, "give the agency's PUBLIC signing key as jwk (RFC 7517)").WithReason(ReasonBadJWK)
	}
	r.grace = certs.DefaultKeyGrace
	if r.Grace == "" {
		return nil
	}
	g, err := time.ParseDuration(r.Grace)
	if err != nil || g < 0 || g > MaxKeyGrace {
		return catalog.Errorf(catalog.KindInvalid, "grace %q must be a duration from 0s to %s", r.Grace, MaxKeyGrace)
	}
	r.grace = g
	return nil
}

func (s *Server) handleDatasetList(c *gin.Context) error {
	ds, err := s.svc.ListDatasets(c.Request.Context(), caller(c), c.Query("owner"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"datasets": ds})
	return nil
}

func (s *Server) handleDatasetPut(c *gin.Context) error {
	req := datasetRequest{path: c.Param("id")}
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	d, err := s.svc.PutDataset(c.Request.Context(), caller(c), req.Dataset)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, d)
	return nil
}

func (s *Server) handleKeyList(c *gin.Context) error {
	ks, err := s.svc.ListKeys(c.Request.Context(), caller(c), c.Param("code"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"keys": nonNil(ks)})
	return nil
}

func (s *Server) handleKeyAdd(c *gin.Context) error {
	var req keyRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	k, err := s.svc.AddKey(c.Request.Context(), caller(c), c.Param("code"), req.JWK)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, k)
	return nil
}

func (s *Server) handleKeyRotate(c *gin.Context) error {
	var req keyRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	r, err := s.svc.RotateKey(c.Request.Context(), caller(c), c.Param("code"), c.Param("kid"), req.JWK, req.grace)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
	return nil
}

func (s *Server) handleKeyRevoke(c *gin.Context) error {
	if err := s.svc.RevokeKey(c.Request.Context(), caller(c), c.Param("code"), c.Param("kid")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
