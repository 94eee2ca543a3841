package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// MaxBatchBody bounds a batch's body: 100 keys and a field list fit in
// a few kilobytes.
const MaxBatchBody = 64 << 10

// handleDatasetAction serves POST /v1/datasets/{dataset}/records:batch
// (Google AIP-136 custom-method style).
func (s *apiServer) handleDatasetAction(c *gin.Context) error {
	if c.Param("action") != "records:batch" {
		return catalog.Errorf(catalog.KindNotFound, "no such endpoint: POST %s", c.FullPath()).WithReason(httpapi.ReasonNoRoute)
	}
	req, err := s.lookupRequest(c)
	if err != nil {
		return err
	}
	var body BatchBody
	if err := httpapi.DecodeJSON(c.Request.Body, MaxBatchBody, &body); err != nil {
		return err
	}
	if err := body.Validate(); err != nil {
		return err
	}
	if len(body.Fields) > 0 {
		req.Fields = body.Fields
	}
	s.claimFor(c, &req)
	res, err := s.deps.Pipeline.Batch(c.Request.Context(), req, body.Keys)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newBatchAnswer(res))
	return nil
}

// batchAnswer is a BatchResult on the wire: each key's error is a problem
// body without request id (the answer's X-Request-ID names the request).
type batchAnswer struct {
	Dataset  string          `json:"dataset"`
	Withheld []WithheldField `json:"withheld"`
	// Masked is always null: masks are per key. It stays so that batch
	// answers keep the members they have always had.
	Masked        map[string]string `json:"masked"`
	Obligations   []string          `json:"obligations"`
	DecisionID    string            `json:"decision_id"`
	PolicyVersion string            `json:"policy_version"`
	AuditEventID  string            `json:"audit_event"`
	Results       []batchItemAnswer `json:"results"`
}

// batchItemAnswer is a BatchItem on the wire.
type batchItemAnswer struct {
	Key    string            `json:"key"`
	Record connectors.Record `json:"record,omitempty"`
	Masked map[string]string `json:"masked,omitempty"`
	Error  *httpapi.Problem  `json:"error,omitempty"`
}

func newBatchAnswer(r BatchResult) batchAnswer {
	items := make([]batchItemAnswer, len(r.Results))
	for i, it := range r.Results {
		items[i] = batchItemAnswer{Key: it.Key, Record: it.Record, Masked: it.Masked}
		if it.Err != nil {
			p := httpapi.ProblemOf(it.Err)
			items[i].Error = &p
		}
	}
	return batchAnswer{Dataset: r.Dataset, Withheld: r.Withheld, Obligations: r.Obligations, DecisionID: r.DecisionID,
		PolicyVersion: r.PolicyVersion, AuditEventID: r.AuditEventID, Results: items}
}
