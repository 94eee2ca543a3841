package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

func (s *Server) handleAuditEvents(c *gin.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	page, err := s.svc.AuditEvents(c.Request.Context(), caller(c), f)
	if err != nil {
		return err
	}
	if page.Events == nil {
		page.Events = []audit.Event{}
	}
	c.JSON(http.StatusOK, gin.H{"events": page.Events, "next": page.Next})
	return nil
}

// auditFilter reads the query string of GET /admin/v1/audit/events.
func auditFilter(c *gin.Context) (audit.Filter, error) {
	f := audit.Filter{Agency: c.Query("agency"), Dataset: c.Query("dataset"), Kind: audit.Kind(c.Query("kind")),
		Decision: audit.Decision(c.Query("decision")), Cursor: c.Query("cursor")}
	var err error
	if f.From, err = queryTime(c, "from"); err != nil {
		return f, err
	}
	if f.To, err = queryTime(c, "to"); err != nil {
		return f, err
	}
	if v := c.Query("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > audit.MaxLimit {
			return f, catalog.Errorf(catalog.KindInvalid, "limit must be 1 to %d", audit.MaxLimit).WithReason(ReasonBadQuery)
		}
	}
	return f, nil
}

func queryTime(c *gin.Context, name string) (time.Time, error) {
	v := c.Query(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, catalog.Errorf(catalog.KindInvalid, "%s must be an RFC 3339 time", name).WithReason(ReasonBadQuery)
	}
	return t, nil
}

func (s *Server) handleWhoLooked(c *gin.Context) error {
	lookups, err := s.svc.WhoLooked(c.Request.Context(), caller(c), catalog.KeyKind(c.Param("kind")), c.Param("key"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"lookups": lookups})
	return nil
}

// withholdRequest is the body of POST /admin/v1/audit/withholds.
type withholdRequest struct {
	Grant   string    `json:"grant"`
	Agency  string    `json:"agency"`
	Dataset string    `json:"dataset"`
	Until   time.Time `json:"until"`
	Reason  string    `json:"reason"`
}

// Validate checks the request names what to hide, until when and why.
func (r *withholdRequest) Validate() error {
	w := audit.Withhold{Grant: r.Grant, Agency: r.Agency, Dataset: r.Dataset, Until: r.Until, Reason: r.Reason, SetBy: "-"}
	return w.Validate()
}

func (s *Server) handleWithhold(c *gin.Context) error {
	var req withholdRequest
	if err := bind(c, smallBody, &req); err != nil {
		return err
	}
	w, err := s.svc.Withhold(c.Request.Context(), caller(c), audit.Withhold{Grant: req.Grant, Agency: req.Agency,
		Dataset: req.Dataset, Until: req.Until, Reason: req.Reason})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, w)
	return nil
}
