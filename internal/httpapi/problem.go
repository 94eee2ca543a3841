package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Problem is an RFC 9457 problem details body, with gdx's reason code and
// request id as extension members.
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail,omitempty"`
	Reason    string `json:"reason,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	// Reasons, DecisionID and PolicyVersion explain a policy refusal.
	Reasons       []string `json:"reasons,omitempty"`
	DecisionID    string   `json:"decision_id,omitempty"`
	PolicyVersion string   `json:"policy_version,omitempty"`
}

// problemTypeBase prefixes the type of every problem; the source comes
// next, so a caller can tell the exchange's own problems
// (urn:gdx:problem:gateway:…) from the owning agency's
// (urn:gdx:problem:upstream:…).
const problemTypeBase = "urn:gdx:problem:"

// NewProblem is the problem body of f.
func NewProblem(f Failure) Problem {
	return Problem{Type: problemTypeBase + sourceName(f.Source) + ":" + string(f.Kind), Title: http.StatusText(f.Status),
		Status: f.Status, Detail: f.Message, Reason: f.Reason, RequestID: f.RequestID,
		Reasons: f.Reasons, DecisionID: f.DecisionID, PolicyVersion: f.PolicyVersion}
}

// ProblemOf is the problem body of err without a request id, for an error
// that is part of an answer (one key of a batch).
func ProblemOf(err error) Problem { return NewProblem(FailureOf(err)) }

// RenderProblem is the problem+json Renderer.
func RenderProblem(c *gin.Context, f Failure) {
	c.Render(f.Status, problemRender{NewProblem(f)})
}

// problemRender renders a Problem with the problem+json content type.
type problemRender struct{ p Problem }

func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(r.p)
}

func (r problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
