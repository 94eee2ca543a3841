package ckantest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

const token = "valid-token"

// post calls action with body (JSON) and returns the status and the
// decoded answer without its "help" key.
func post(t *testing.T, srv *ckantest.Server, tok, action, body string) (int, any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/api/3/action/"+action, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s answered %q: %v", action, raw, err)
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "help")
	}
	return resp.StatusCode, v
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad expectation %s: %v", s, err)
	}
	return v
}

// gdFields are the GD-Catalog fields that thai_gdc's schema requires.
const gdFields = `"maintainer": "DLA", "maintainer_email": "opendata@dla.go.th", "data_type": "ข้อมูลระเบียน",
	"objective": ["พันธกิจหน่วยงาน"], "update_frequency_unit": "วัน", "geo_coverage": "ประเทศ", "data_source": "DLA",
	"data_format": ["CSV"], "data_category": "ข้อมูลสาธารณะ", "license_id": "Open Data Common"`

// seeded returns a server with the given schema holding organisation
// "dla" and package "food" with one resource.
func seeded(t *testing.T, schema ckantest.Schema) *ckantest.Server {
	srv := ckantest.New(t, token)
	srv.SetSchema(schema)
	if st, v := post(t, srv, token, "organization_create", `{"name": "dla", "title": "DLA"}`); st != 200 {
		t.Fatalf("seed organisation: %d %v", st, v)
	}
	st, v := post(t, srv, token, "package_create", `{"name": "food", "title": "Food", "notes": "n", "owner_org": "dla", `+gdFields+`,
		"resources": [{"id": "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d11", "url": "https://x.example/a.csv", "name": "a"}]}`)
	if st != 200 {
		t.Fatalf("seed package: %d %v", st, v)
	}
	return srv
}

func TestServerAnswersLikeCKAN(t *testing.T) {
	tests := []struct {
		name, tok, action, body string
		status                  int
		want                    string
	}{
		{"unknown action", token, "package_frobnicate", `{}`, 400, `"Bad request: Action name not known: package_frobnicate"`},
		{"write without a token", "", "package_create", `{"name": "x"}`, 403,
			`{"success": false, "error": {"__type": "Authorization Error", "message": "Access denied: Action package_create requires an authenticated user"}}`},
		{"write with an unknown token", "nope", "organization_create", `{"name": "x"}`, 403,
			`{"success": false, "error": {"__type": "Authorization Error", "message": "Access denied: Action organization_create requires an authenticated user"}}`},
		{"required fields", token, "package_create", `{}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "name": ["Missing value"], "owner_org": ["An organization must be provided"]}}`},
		{"name rules", token, "package_create", `{"name": "Food Shops", "owner_org": "dla"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "name": ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]}}`},
		{"name too short", token, "package_create", `{"name": "f", "owner_org": "dla"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "name": ["Must be at least 2 characters long"]}}`},
		{"name in use", token, "package_create", `{"name": "food", "owner_org": "dla"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "name": ["That URL is already in use."]}}`},
		{"unknown organisation", token, "package_create", `{"name": "other", "owner_org": "nobody"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "owner_org": ["Organization does not exist"]}}`},
		{"id only for sysadmins", token, "package_create", `{"id": "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d12", "name": "other", "owner_org": "dla"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "id": ["The input field id was not expected."]}}`},
		{"resource id of another package", token, "package_create",
			`{"name": "other", "owner_org": "dla", "resources": [{"url": "u"}, {"id": "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d11"}]}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "resources": [{}, {"id": ["Resource id already exists."]}]}}`},
		{"duplicate extras", token, "package_create",
			`{"name": "other", "owner_org": "dla", "extras": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "extras_validation": ["Duplicate key \"a\""]}}`},
		{"organisation name taken", token, "organization_create", `{"name": "dla"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "name": ["Group name already exists in database"]}}`},
		{"package not found", "", "package_show", `{"id": "nothing"}`, 404,
			`{"success": false, "error": {"__type": "Not Found Error", "message": "Not found"}}`},
		{"show without id", "", "organization_show", `{}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "id": ["Missing value"]}}`},
		{"resource_create without package_id", token, "resource_create", `{"url": "u"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "package_id": ["Missing value"]}}`},
		{"resource_patch of no resource", token, "resource_patch", `{"id": "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d99"}`, 404,
			`{"success": false, "error": {"__type": "Not Found Error", "message": "Not found: Resource was not found."}}`},
		{"resource error is the new resource's own", token, "resource_create", `{"package_id": "food", "id": "not-a-uuid"}`, 409,
			`{"success": false, "error": {"__type": "Validation Error", "id": ["Invalid id provided"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := seeded(t, ckantest.Core)
			st, got := post(t, srv, tt.tok, tt.action, tt.body)
			if st != tt.status || !reflect.DeepEqual(got, decode(t, tt.want)) {
				t.Errorf("got %d %v\nwant %d %s", st, got, tt.status, tt.want)
			}
			if packages := srv.Packages(); len(packages) != 1 {
				t.Errorf("a refused call changed the packages: %v", packages)
			}
		})
	}
}

func TestPackagePatchChangesOnlyTheGivenFields(t *testing.T) {
	srv := seeded(t, ckantest.ThaiGDC)
	st, v := post(t, srv, token, "package_patch", `{"id": "food", "title": "Food shops", "data_format": ["JSON", "CSV"]}`)
	if st != 200 {
		t.Fatalf("%d %v", st, v)
	}
	p := srv.Packages()[0]
	if p["title"] != "Food shops" || p["notes"] != "n" || len(p["resources"].([]map[string]any)) != 1 {
		t.Errorf("after patch: %v", p)
	}
	if got := p["data_format"]; !reflect.DeepEqual(got, []string{"CSV", "JSON"}) {
		t.Errorf("data_format = %v, want the schema's order", got)
	}
	st, v = post(t, srv, token, "package_patch", `{"id": "food", "resources": [{"url": "https://x.example/b.csv", "name": "b"}]}`)
	if st != 200 {
		t.Fatalf("%d %v", st, v)
	}
	res := srv.Packages()[0]["resources"].([]map[string]any)
	if len(res) != 1 || res[0]["name"] != "b" || res[0]["id"] == "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d11" {
		t.Errorf("resources were not replaced: %v", res)
	}
}

func TestResourceURLIsOptionalAsInCKAN29AndLater(t *testing.T) {
	srv := seeded(t, ckantest.ThaiGDC)
	st, v := post(t, srv, token, "resource_create", `{"package_id": "food", "name": "no url"}`)
	if st != 200 || v.(map[string]any)["result"].(map[string]any)["url"] != "" {
		t.Errorf("%d %v", st, v)
	}
}

func TestServerCountsCallsAndInjectsFaults(t *testing.T) {
	srv := seeded(t, ckantest.ThaiGDC)
	srv.ResetCalls()
	srv.FailNext("package_show", 502)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/3/action/package_show", bytes.NewBufferString(`{"id": "food"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("fault answered %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if st, _ := post(t, srv, "", "package_show", `{"id": "food"}`); st != 200 {
		t.Errorf("the fault outlived its call: %d", st)
	}
	calls := srv.Calls()
	if len(calls) != 2 || calls[0].Status != 502 || calls[1].Status != 200 || srv.Writes() != 0 {
		t.Errorf("calls = %+v", calls)
	}
}

func TestTagsFollowCKANWithThaiGDCsThaiRange(t *testing.T) {
	srv := seeded(t, ckantest.ThaiGDC)
	if st, v := post(t, srv, token, "package_patch", `{"id": "food", "tags": [{"name": "ใบอนุญาต"}, {"name": "ร้านอาหาร"}, {"name": "open data_2.0"}]}`); st != 200 {
		t.Errorf("Thai tags refused: %d %v", st, v)
	}
	st, v := post(t, srv, token, "package_patch", `{"id": "food", "tags": [{"name": "ok"}, {"name": "a/b"}]}`)
	want := decode(t, `{"success": false, "error": {"__type": "Validation Error", "tags": [{}, {"name": [
		"Tag \"a/b\" can only contain alphanumeric characters, spaces (\" \"), hyphens (\"-\"), underscores (\"_\") or dots (\".\")"]}]}}`)
	if st != 409 || !reflect.DeepEqual(v, want) {
		t.Errorf("got %d %v", st, v)
	}
}

func TestThaiGDCSchemaRequiresAndChecksItsFields(t *testing.T) {
	srv := seeded(t, ckantest.ThaiGDC)
	tests := []struct{ name, action, body, want string }{
		{"required fields", "package_create", `{"name": "other", "owner_org": "dla"}`,
			`{"success": false, "error": {"__type": "Validation Error", "data_category": ["Missing value"],
			"data_format": ["Select at least one"], "data_source": ["Missing value"], "data_type": ["Missing value"],
			"geo_coverage": ["Missing value"], "license_id": ["Missing value"], "maintainer": ["Missing value"],
			"maintainer_email": ["Missing value"], "notes": ["Missing value"], "objective": ["Select at least one"],
			"update_frequency_unit": ["Missing value"]}}`},
		{"multiple choice", "package_patch", `{"id": "food", "data_format": ["CSV", "Excel"]}`,
			`{"success": false, "error": {"__type": "Validation Error", "data_format": ["unexpected choice \"Excel\""]}}`},
		{"select choice", "package_patch", `{"id": "food", "data_category": "ข้อมูลเปิด"}`,
			`{"success": false, "error": {"__type": "Validation Error", "data_category": ["Value must be one of ` +
				`['ข้อมูลสาธารณะ', 'ข้อมูลส่วนบุคคล', 'ข้อมูลความมั่นคง', 'ข้อมูลความลับทางราชการ']"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, got := post(t, srv, token, tt.action, tt.body)
			if st != 409 || !reflect.DeepEqual(got, decode(t, tt.want)) {
				t.Errorf("got %d %v\nwant %s", st, got, tt.want)
			}
		})
	}
}

func TestCoreSchemaDropsTheGDCatalogFields(t *testing.T) {
	srv := seeded(t, ckantest.Core)
	p := srv.Packages()[0]
	if _, kept := p["data_type"]; kept {
		t.Errorf("a stock CKAN kept data_type: %v", p)
	}
	if p["license_id"] != "Open Data Common" || p["maintainer_email"] != "opendata@dla.go.th" {
		t.Errorf("core fields lost: %v", p)
	}
}

func TestPackageResourceReorder(t *testing.T) {
	srv := seeded(t, ckantest.ThaiGDC)
	st, v := post(t, srv, token, "resource_create", `{"package_id": "food", "id": "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d22", "url": "https://x.example/b.csv"}`)
	if st != 200 {
		t.Fatalf("%d %v", st, v)
	}
	st, v = post(t, srv, token, "package_resource_reorder", `{"id": "food", "order": ["0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d22"]}`)
	want := decode(t, `{"success": true, "result": {"id": "food", "order": ["0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d22", "0b6e9c38-5b3c-4e51-9e3c-3f3b3f8b0d11"]}}`)
	if st != 200 || !reflect.DeepEqual(v, want) {
		t.Errorf("got %d %v", st, v)
	}
	st, v = post(t, srv, token, "package_resource_reorder", `{"id": "food", "order": ["nope"]}`)
	want = decode(t, `{"success": false, "error": {"__type": "Validation Error", "order": "resource_id nope can not be found"}}`)
	if st != 409 || !reflect.DeepEqual(v, want) {
		t.Errorf("got %d %v", st, v)
	}
}

func TestStatusShowNamesTheExtensions(t *testing.T) {
	for _, tt := range []struct {
		schema ckantest.Schema
		thai   bool
	}{{ckantest.ThaiGDC, true}, {ckantest.Core, false}} {
		srv := ckantest.New(t, token)
		srv.SetSchema(tt.schema)
		st, v := post(t, srv, "", "status_show", `{}`)
		res := v.(map[string]any)["result"].(map[string]any)
		ext := res["extensions"].([]any)
		if st != 200 || res["ckan_version"] != ckantest.Version || slices.Contains(ext, any("thai_gdc")) != tt.thai {
			t.Errorf("schema %d: %d %v", tt.schema, st, res)
		}
	}
}
