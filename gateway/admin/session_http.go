package admin

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// loginRequest is the body of POST /admin/v1/sessions.
type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// Validate checks that both are given and of sane length.
func (r *loginRequest) Validate() error {
	if r.Username == "" || r.Password == "" || len(r.Username) > 64 || len(r.Password) > MaxPasswordLen {
		return catalog.Errorf(catalog.KindInvalid, "give username and password (at most 64 and %d bytes)", MaxPasswordLen).WithReason(ReasonBadBody)
	}
	return nil
}

func (s *Server) handleLogin(c *gin.Context) error {
	var req loginRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	tok, err := s.svc.Login(c.Request.Context(), req.Username, req.Password, httpapi.RequestID(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, tok)
	return nil
}

func (s *Server) handleLogout(c *gin.Context) error {
	if err := s.svc.Logout(c.Request.Context(), caller(c), session(c)); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// meResponse is the logged-in steward and their session's end.
type meResponse struct {
	Steward   Steward   `json:"steward"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *Server) handleMe(c *gin.Context) error {
	c.JSON(http.StatusOK, meResponse{Steward: caller(c).Steward, ExpiresAt: session(c).ExpiresAt})
	return nil
}
