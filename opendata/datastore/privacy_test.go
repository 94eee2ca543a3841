package datastore_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
)

// TestNaturalPersonNeverReachable: a sole trader's name, business name and
// citizen id can be neither found (q, per-field q, filters) nor returned
// (any records format, any field list), while the licence itself is
// published with licensee_withheld true.
func TestNaturalPersonNeverReachable(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		secrets := []string{licencetest.SecretMarker, licencetest.CitizenID(4), "ใจดี4"}
		nothing := []string{
			"q=" + url.QueryEscape(licencetest.SecretMarker),
			"q=" + url.QueryEscape("ร้านลับ"),
			"q=" + licencetest.CitizenID(4),
			"q=" + url.QueryEscape(`{"business_name":"ลับเฉพาะ"}`),
			"filters=" + url.QueryEscape(`{"business_name":"ร้านลับเฉพาะ 4"}`),
			"filters=" + url.QueryEscape(`{"juristic_id":"`+licencetest.CitizenID(4)+`"}`),
		}
		for _, q := range nothing {
			status, body := f.do(t, "GET", "/api/3/action/datastore_search?resource_id="+dlaID+"&"+q, "", "")
			if status != 200 || total(t, body) != 0 {
				t.Errorf("%s: status %d, total %d; want 200 and nothing found", q, status, total(t, body))
			}
		}
		for _, format := range []string{"objects", "lists", "csv", "tsv"} {
			status, body := f.do(t, "GET", "/api/3/action/datastore_search?limit=32000&records_format="+format+"&resource_id="+dlaID, "", "")
			if status != 200 || !strings.Contains(body, "N-000004") {
				t.Fatalf("%s: status %d; the natural person's licence must be published: %s", format, status, body)
			}
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s: the answer holds %q", format, s)
				}
			}
		}
		status, body := f.do(t, "GET", "/api/3/action/datastore_search?resource_id="+dlaID+
			"&filters="+url.QueryEscape(`{"licence_number":"N-000004"}`), "", "")
		if status != 200 || !strings.Contains(body, `"licensee_withheld":true`) || !strings.Contains(body, `"business_name":""`) {
			t.Errorf("the natural person's record must say it is withheld: %d %s", status, body)
		}
		for _, field := range []string{"person_name", "citizen_id", "name_fold", "digest"} {
			status, _ := f.do(t, "GET", "/api/3/action/datastore_search?resource_id="+dlaID+"&fields="+field, "", "")
			if status != 409 {
				t.Errorf("fields=%s: status %d, want 409", field, status)
			}
		}
	})
}

// total reads result.total of an answer, -1 when there is none.
func total(t *testing.T, body string) int {
	t.Helper()
	var v struct {
		Result struct {
			Total *int `json:"total"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.Result.Total == nil {
		return -1
	}
	return *v.Result.Total
}

// TestRequestTextNeverBecomesSQL: names outside the whitelist are refused
// before any SQL is built, and values with quotes and LIKE wildcards
// travel as parameters.
func TestRequestTextNeverBecomesSQL(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.seed(t)
		refused := []string{
			"filters=" + url.QueryEscape(`{"province = province OR 1=1 --":"x"}`),
			"sort=" + url.QueryEscape("province; DROP TABLE licences"),
			"sort=" + url.QueryEscape(`"person_name"`),
			"fields=" + url.QueryEscape("number, person_name"),
			"q=" + url.QueryEscape(`{"(SELECT citizen_id FROM licences)":"3"}`),
		}
		for _, q := range refused {
			if status, body := f.do(t, "GET", "/api/3/action/datastore_search?resource_id="+dlaID+"&"+q, "", ""); status != 409 {
				t.Errorf("%s: %d %s; want 409", q, status, body)
			}
		}
		harmless := []string{
			"q=" + url.QueryEscape(`x' OR '1'='1`),
			"q=" + url.QueryEscape(`_%\`),
			"filters=" + url.QueryEscape(`{"province":"x' OR '1'='1"}`),
		}
		for _, q := range harmless {
			status, body := f.do(t, "GET", "/api/3/action/datastore_search?resource_id="+dlaID+"&"+q, "", "")
			if status != 200 || total(t, body) != 0 {
				t.Errorf("%s: %d total %d; want 200 and nothing", q, status, total(t, body))
			}
		}
		if _, body := f.do(t, "GET", "/api/3/action/datastore_info?id="+dlaID, "", ""); !strings.Contains(body, `"count":24`) {
			t.Errorf("the licences must still be there: %s", body)
		}
	})
}
