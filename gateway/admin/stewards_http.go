package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// Validate checks the account to create.
func (n *NewSteward) Validate() error {
	if n.Agency == "" || n.Username == "" || len(n.Roles) == 0 {
		return catalog.Errorf(catalog.KindInvalid, "give agency, username and at least one role").WithReason(ReasonBadBody)
	}
	for _, r := range n.Roles {
		if _, err := ParseRoles(string(r)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) handleStewardList(c *gin.Context) error {
	list, err := s.svc.ListStewards(c.Request.Context(), caller(c), c.Query("agency"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"stewards": list})
	return nil
}

func (s *Server) handleStewardAdd(c *gin.Context) error {
	var req NewSteward
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	created, err := s.svc.AddSteward(c.Request.Context(), caller(c), req)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, created)
	return nil
}

func (s *Server) handleStewardDisable(c *gin.Context) error {
	if err := s.svc.DisableSteward(c.Request.Context(), caller(c), c.Param("username")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
