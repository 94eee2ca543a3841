package gateway

import (
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/policies"
)

// TestRidingRecordIsNewDecisionRecord holds the riding row's record,
// which shares its lists, to the decision log's own summary: a member
// policies adds to the record and fills must be filled here too.
func TestRidingRecordIsNewDecisionRecord(t *testing.T) {
	var ds catalog.Dataset
	for _, d := range demo.Datasets() {
		if d.ID == demo.PersonDataset {
			ds = d
		}
	}
	g := demo.Grants(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))[0]
	in := policies.NewInput(policies.Request{Agency: demo.Agencies()[0], Officer: "o-1", Purpose: demo.Purposes()[0],
		IAL: "2.3", AAL: "2", Dataset: ds, Requested: []string{"citizen_id", "religion"}, Grant: &g, Time: time.Now()})
	d := policies.Decision{ID: "dec-1", Allow: true, Fields: []string{"citizen_id"}, Masks: map[string]string{"citizen_id": "partial"},
		Reasons: []string{"sensitive_field:religion"}, Obligations: []string{"log"}, PolicyVersion: "v1"}
	got, want := ridingRecord(in, d), policies.NewDecisionRecord(in, d)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("riding record\n%+v\nwant\n%+v", got, want)
	}
	for i := range reflect.TypeFor[policies.DecisionRecord]().NumField() {
		if f := reflect.ValueOf(got).Field(i); f.IsZero() && reflect.TypeFor[policies.DecisionRecord]().Field(i).Name != "AuditEvent" {
			t.Errorf("member %s is empty: fill it in the test's input", reflect.TypeFor[policies.DecisionRecord]().Field(i).Name)
		}
	}
}
