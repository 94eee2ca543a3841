package citizen

import (
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
)

// csvBOM starts the download so that Excel reads it as UTF-8 and shows
// Thai.
const csvBOM = "\ufeff"

// handleCSV downloads every lookup the page shows, in one CSV (RFC 4180)
// in the page's language.
func (s *Server) handleCSV(c *gin.Context) error {
	sess, ok := s.signedIn(c)
	if !ok {
		return nil
	}
	lookups, err := audit.SubjectLookups(c.Request.Context(), s.deps.Audit, sess.KeyHash, s.now())
	if err != nil {
		return err
	}
	lang := s.lang(c)
	rows := s.rows(c.Request.Context(), lang, lookups)
	h := c.Writer.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="who-looked-at-my-record.csv"`)
	c.Status(http.StatusOK)
	_, _ = c.Writer.WriteString(csvBOM)
	w := csv.NewWriter(c.Writer)
	w.UseCRLF = true
	head := []string{"csv.time", "csv.agency_code", "csv.agency", "csv.purpose_code", "csv.purpose",
		"csv.dataset_id", "csv.dataset", "csv.fields"}
	for i, k := range head {
		head[i] = translate(lang, k)
	}
	_ = w.Write(head)
	for _, r := range rows {
		_ = w.Write([]string{r.ISOTime, cell(r.AgencyCode), cell(r.Agency), cell(r.PurposeCode), cell(r.Purpose),
			cell(r.DatasetID), cell(r.Dataset), cell(strings.Join(r.Fields, "; "))})
	}
	w.Flush()
	return nil
}

// cell defuses a value a spreadsheet would run as a formula (OWASP CSV
// injection) by quoting it as text.
func cell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
