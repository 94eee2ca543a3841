package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/audit"
	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

const uploadHeader = "licence_number,licence_type,issuer,office,licensee_kind,business_name,juristic_id,province,district,subdistrict,issued_on,expires_on,status\n"

func uploadRow(number, issuer string) string {
	return number + ",food_shop," + issuer + ",เทศบาลนครเชียงใหม่,juristic,บริษัท ครัวไทย จำกัด,0105562000007,เชียงใหม่,เมืองเชียงใหม่,ศรีภูมิ,2024-01-15,2030-12-31,active\n"
}

// upload posts a CSV of licences to the agency API as the agency.
func (d *runningDemo) upload(t *testing.T, code, contentType, body string, withToken bool) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx(t), http.MethodPost, d.Info.APIURL+"/v1/licences", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if withToken {
		req.Header.Set("Authorization", "Bearer "+d.token(t, code))
	}
	res, err := d.agencyClient(t, code).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("status %d, body %q", res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// TestAgencyLoadsItsLicencesThroughTheAgencyAPI loads licences as DLA over
// mutual TLS with a request JWT, and checks that rows are validated, that
// another agency's rows are refused, that the load is audited, and that
// the licences are then public (the licence check).
func TestAgencyLoadsItsLicencesThroughTheAgencyAPI(t *testing.T) {
	d := startDemo(t, t.TempDir())
	body := uploadHeader + uploadRow("FS-2569-700001", "DLA") + uploadRow("FS-2569-700002", "DLA") +
		uploadRow("FS-2569-700003", "DBD") + strings.Replace(uploadRow("FS-2569-700004", "DLA"), "2024-01-15", "2024-02-30", 1)
	status, ans := d.upload(t, "DLA", "text/csv; charset=utf-8", body, true)
	if status != 200 || ans["inserted"] != float64(2) || ans["rejected"] != float64(2) {
		t.Fatalf("upload: %d %v", status, ans)
	}
	problems, _ := json.Marshal(ans["problems"])
	for _, want := range []string{`"line":4`, `"column":"issuer"`, `"line":5`, `"column":"issued_on"`} {
		if !strings.Contains(string(problems), want) {
			t.Errorf("problems lack %s: %s", want, problems)
		}
	}
	if status, again := d.upload(t, "DLA", "text/csv", body, true); status != 200 || again["unchanged"] != float64(2) || again["inserted"] != float64(0) {
		t.Errorf("a second load of the same rows changed something: %d %v", status, again)
	}
	if status, ans := d.upload(t, "DBD", "text/csv", uploadHeader+uploadRow("FS-2569-700005", "DLA"), true); status != 200 || ans["inserted"] != float64(0) || ans["rejected"] != float64(1) {
		t.Errorf("DBD wrote a DLA licence: %d %v", status, ans)
	}
	if status, ans := d.upload(t, "DLA", "application/pdf", body, true); status != 400 || ans["reason"] != "media_type_unsupported" {
		t.Errorf("a PDF body: %d %v", status, ans)
	}
	if status, _ := d.upload(t, "DLA", "text/csv", body, false); status != 401 {
		t.Errorf("no request JWT: %d", status)
	}
	res := get(t, d.client(t, nil), d.Info.WebURL+"/api/licences/DLA/FS-2569-700001", nil)
	var v map[string]any
	decode(t, res, 200, &v)
	if v["status_now"] != "active" {
		t.Errorf("the licence check says %v", v)
	}
	if n := uploadEvents(t, d); n != 6 { // attempted and done, for each of the three loads that reached the store
		t.Errorf("%d licence.upload audit events, want 6", n)
	}
}

func uploadEvents(t *testing.T, d *runningDemo) int {
	t.Helper()
	db, err := sqldb.Open(context.Background(), "sqlite:"+filepath.Join(d.Dir, "gdx.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	page, err := auditsql.New(db).Query(context.Background(), audit.Filter{Kind: audit.KindAdmin, Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range page.Events {
		if e.Action == "licence.upload" && e.Officer == "officer-1" {
			n++
		}
	}
	return n
}
