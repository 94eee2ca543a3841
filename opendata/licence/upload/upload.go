package upload

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// Action is the audit action of a load through the agency API.
const Action = "licence.upload"

// Reasons this endpoint refuses a request with.
const (
	ReasonMediaType = "media_type_unsupported"
	ReasonNoAgency  = "agency_unknown"
)

// Auditor appends an audit event durably; *audit.Writer is one.
type Auditor interface {
	Append(ctx context.Context, e audit.Event) (audit.Event, error)
}

// Handler serves POST /licences on the agency API's /v1 group.
type Handler struct {
	Store licence.Writer
	Audit Auditor
	Log   *slog.Logger
}

// Register mounts the upload on the agency API's authenticated group.
func (h *Handler) Register(r gin.IRouter) {
	r.POST("/licences", httpapi.OnlyQuery(h.Log), httpapi.Handler(h.Log, h.handleUpload))
}

// Answer is the body of a load's answer: what changed and the problems of
// the rows refused.
type Answer struct {
	licence.Report
	RequestID string `json:"request_id"`
}

func (h *Handler) handleUpload(c *gin.Context) error {
	agency, officer := c.GetString(httpapi.CtxAgency), c.GetString(httpapi.CtxOfficer)
	if agency == "" {
		return catalog.Errorf(catalog.KindUnauthenticated, "no authenticated agency").WithReason(ReasonNoAgency)
	}
	format, err := formatOf(c.GetHeader("Content-Type"))
	if err != nil {
		return err
	}
	ctx, rid := c.Request.Context(), httpapi.RequestID(c)
	event := audit.Event{Kind: audit.KindAdmin, RequestID: rid, Agency: agency, Officer: officer,
		Action: Action, Target: "licences/" + agency, Decision: audit.DecisionAllow}
	if _, err := h.Audit.Append(ctx, withDetail(event, "attempted", nil)); err != nil {
		return unavailable(err)
	}
	start := time.Now()
	rep, err := licence.Import(ctx, h.Store, agency, c.Request.Body, format, nil)
	event.LatencyMicros = time.Since(start).Microseconds()
	if err != nil {
		event.Decision = audit.DecisionError
		if _, aerr := h.Audit.Append(context.WithoutCancel(ctx), withDetail(event, "failed", err)); aerr != nil {
			h.Log.Error("licence upload failed and its outcome could not be audited", "agency", agency, "request_id", rid, "err", aerr)
		}
		return tooLarge(err)
	}
	event.Status = http.StatusOK
	if _, err := h.Audit.Append(context.WithoutCancel(ctx), withDetail(event, rep, nil)); err != nil {
		return unavailable(err)
	}
	c.JSON(http.StatusOK, Answer{Report: rep, RequestID: rid})
	return nil
}

// formatOf reads the body's format from its media type.
func formatOf(contentType string) (licence.Format, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch mt {
		case "text/csv":
			return licence.FormatCSV, nil
		case "application/x-ndjson", "application/jsonl":
			return licence.FormatNDJSON, nil
		}
	}
	return "", catalog.Errorf(catalog.KindInvalid, "send the licences as text/csv (a header row) or application/x-ndjson (one object per line), not %q", contentType).WithReason(ReasonMediaType)
}

// withDetail puts what happened into the event's evidence.
func withDetail(e audit.Event, outcome any, err error) audit.Event {
	detail := map[string]any{"outcome": outcome}
	if err != nil {
		detail["error"] = err.Error()
	}
	b, _ := json.Marshal(detail)
	e.Evidence = string(b)
	return e
}

func unavailable(err error) error {
	return catalog.Errorf(catalog.KindUnavailable, "the audit trail cannot be written; nothing was loaded, try again").
		WithReason(audit.ReasonUnavailable).Wrap(err)
}

// tooLarge names the body limit when the body was cut there.
func tooLarge(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return catalog.Errorf(catalog.KindTooLarge, "the body is larger than %d bytes: send the licences in parts", mbe.Limit).Wrap(err)
	}
	return err
}
