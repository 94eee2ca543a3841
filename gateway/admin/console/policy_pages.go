package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
	"github.com/gdx-exchange/gdx/policies"
)

// versionsView is the data of the policy versions page.
type versionsView struct {
	view
	Versions []policies.Version
}

// showPolicyList lists every policy version, newest first, with its
// status.
func (s *Server) showPolicyList(c *gin.Context) {
	vs, err := s.svc.ListVersions(c.Request.Context(), caller(c))
	if err != nil {
		s.refuse(c, err)
		return
	}
	s.site.OK(c, "policies", s.site.Page(c, "policies.title", &versionsView{view: viewOf(c), Versions: vs}))
}

// versionView is the data of one version's page: the version, its
// report and events, and the workflow steps its status allows.
type versionView struct {
	view
	Detail admin.VersionDetail
	Note   string
}

// Can reports whether the version's status allows the step.
func (v *versionView) Can(step string) bool {
	switch st := v.Detail.Status; step {
	case "approve", "reject":
		return st == policies.StatusTested
	case "activate":
		return st == policies.StatusApproved
	case "rollback":
		return st == policies.StatusSuperseded
	case "impact":
		return st != policies.StatusFailed && st != policies.StatusActive
	}
	return false
}

// versionID reads the :id path parameter: 7 or v7.
func versionID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(c.Param("id"), "v"), 10, 64)
	if err != nil || id <= 0 {
		return 0, catalog.Errorf(catalog.KindNotFound, "no policy version %q", c.Param("id"))
	}
	return id, nil
}

// loadVersion reads the version of the path, or shows the refusal.
func (s *Server) loadVersion(c *gin.Context) (*versionView, bool) {
	id, err := versionID(c)
	if err != nil {
		s.refuse(c, err)
		return nil, false
	}
	d, err := s.svc.ShowVersion(c.Request.Context(), caller(c), id)
	if err != nil {
		s.refuse(c, err)
		return nil, false
	}
	return &versionView{view: viewOf(c), Detail: d}, true
}

// showPolicyPage shows one version: status, author, approver, the
// compile and test report line by line, the diff and the workflow
// events, with the forms of the steps it allows.
func (s *Server) showPolicyPage(c *gin.Context) {
	v, ok := s.loadVersion(c)
	if !ok {
		return
	}
	s.site.OK(c, "policy", s.site.Page(c, "policy.title", v))
}

// impactView is the data of the impact page.
type impactView struct {
	view
	ID     int64
	Label  string
	Impact policies.ImpactReport
}

// showPolicyImpact shows what a version changes against the active one:
// who gains and who loses which fields.
func (s *Server) showPolicyImpact(c *gin.Context) {
	id, err := versionID(c)
	if err != nil {
		s.refuse(c, err)
		return
	}
	rep, err := s.svc.PolicyImpact(c.Request.Context(), caller(c), id)
	if err != nil {
		s.refuse(c, err)
		return
	}
	v := &impactView{view: viewOf(c), ID: id, Label: policies.VersionLabel(id), Impact: rep}
	s.site.OK(c, "impact", s.site.Page(c, "impact.title", v))
}

// submitPolicyApproval approves a tested version; the service refuses
// the author's own approval with its message.
func (s *Server) submitPolicyApproval(c *gin.Context) {
	s.policyStep(c, "policy.approved", func(by admin.Caller, id int64, _ string) error {
		_, err := s.svc.ApprovePolicy(c.Request.Context(), by, id)
		return err
	})
}

// submitPolicyRejection rejects a tested version with a note.
func (s *Server) submitPolicyRejection(c *gin.Context) {
	s.policyStep(c, "policy.rejected", func(by admin.Caller, id int64, note string) error {
		return s.svc.RejectPolicy(c.Request.Context(), by, id, note)
	})
}

// submitPolicyActivation makes an approved version active.
func (s *Server) submitPolicyActivation(c *gin.Context) {
	s.policyStep(c, "policy.activated", func(by admin.Caller, id int64, _ string) error {
		_, err := s.svc.ActivatePolicy(c.Request.Context(), by, id)
		return err
	})
}

// submitPolicyRollback makes an earlier active version active again.
func (s *Server) submitPolicyRollback(c *gin.Context) {
	s.policyStep(c, "policy.rolled_back", func(by admin.Caller, id int64, note string) error {
		_, err := s.svc.RollbackPolicy(c.Request.Context(), by, id, note)
		return err
	})
}

// policyStep runs one workflow step from a version page's form: the note
// is checked first (the page is shown again with its message), a refusal
// of the service is shown as a page, success goes back to the version.
func (s *Server) policyStep(c *gin.Context, doneKey string, step func(by admin.Caller, id int64, note string) error) {
	id, err := versionID(c)
	if err != nil {
		s.refuse(c, err)
		return
	}
	note := strings.TrimSpace(c.PostForm("note"))
	if len(note) > maxNote {
		v, ok := s.loadVersion(c)
		if !ok {
			return
		}
		v.Note = note
		p := s.site.Page(c, "policy.title", v)
		p.Errors = web.FieldErrors{"note": p.T("note.too_long", maxNote)}
		s.show(c, http.StatusBadRequest, "policy", p)
		return
	}
	if err := step(caller(c), id, note); err != nil {
		s.refuse(c, err)
		return
	}
	s.done(c, Prefix+"/policies/"+strconv.FormatInt(id, 10), doneKey, policies.VersionLabel(id))
}
