package gateway_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/policies"
)

// The pipeline runs here with the real OPA engine on the demo policy and
// the demo catalog in memory; the owner and the audit store are function
// fakes so that their failures can be forced. The integration tests run
// the same pipeline with the real simulators and the real audit.

type memCatalog struct{ grants []catalog.Grant }

func (memCatalog) FindDataset(_ context.Context, id string) (catalog.Dataset, error) {
	for _, d := range demo.Datasets() {
		if d.ID == id {
			return d, nil
		}
	}
	return catalog.Dataset{}, catalog.Errorf(catalog.KindNotFound, "no dataset")
}

func (m memCatalog) ListGrants(_ context.Context, f catalog.GrantFilter) ([]catalog.Grant, error) {
	var out []catalog.Grant
	for _, g := range m.grants {
		if f.Match(g) {
			out = append(out, g)
		}
	}
	return out, nil
}

type fetchFunc func(context.Context, catalog.Dataset, string) (connectors.Record, error)

func (f fetchFunc) Fetch(ctx context.Context, d catalog.Dataset, k string) (connectors.Record, error) {
	return f(ctx, d, k)
}

type auditFunc func(context.Context, audit.Event) (audit.Event, error)

func (f auditFunc) Append(ctx context.Context, e audit.Event) (audit.Event, error) { return f(ctx, e) }

type noLimit struct{}

func (noLimit) Take(context.Context, string, catalog.RateLimit, int, time.Time) (time.Duration, error) {
	return 0, nil
}

type plainHasher struct{}

func (plainHasher) HashKey(kind, key string) string { return "hash-of-" + kind }

func newPipeline(t *testing.T, fetch fetchFunc, log auditFunc) *gateway.Pipeline {
	t.Helper()
	engine := policies.NewEngine()
	if _, err := engine.Load(context.Background(), "test", policies.DemoSet()); err != nil {
		t.Fatal(err)
	}
	return &gateway.Pipeline{Catalog: memCatalog{grants: demo.Grants(time.Now().Add(-time.Hour))}, Decider: engine,
		Fetcher: fetch, Audit: log, Hasher: plainHasher{}, Limiter: noLimit{}, UpstreamTimeout: time.Second,
		StatusOf: httpapi.Status}
}

func dlaRequest(key string) gateway.LookupRequest {
	purpose := catalog.Purpose{Code: "licensing", Basis: catalog.BasisPublicTask}
	return gateway.LookupRequest{Caller: authn.Caller{Agency: "DLA", Officer: "o-1", Purpose: purpose, IAL: "2.3", AAL: "2"},
		Agency: demo.Agencies()[2], Dataset: demo.PersonDataset, Key: key, RequestID: "r1"}
}

func person(context.Context, catalog.Dataset, string) (connectors.Record, error) {
	return connectors.Record{"citizen_id": demo.PersonKey(1), "first_name_th": "สมชาย", "religion": "พุทธ", "house_id": "10010000001"}, nil
}

func TestLookupAuditsBeforeAnswering(t *testing.T) {
	var events []audit.Event
	record := auditFunc(func(_ context.Context, e audit.Event) (audit.Event, error) {
		e.ID = "ev1"
		events = append(events, e)
		return e, nil
	})
	res, err := newPipeline(t, person, record).Lookup(context.Background(), dlaRequest(demo.PersonKey(1)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Record["first_name_th"] != "สมชาย" || res.Record["religion"] != nil || res.AuditEventID != "ev1" {
		t.Fatalf("result = %+v", res)
	}
	if len(events) != 1 || events[0].KeyHash != "hash-of-citizen_id" || events[0].Decision != audit.DecisionAllow ||
		len(events[0].FieldsReturned) == 0 || events[0].PolicyVersion != "test" {
		t.Fatalf("audit event = %+v", events)
	}
}

func TestLookupFailsClosed(t *testing.T) {
	failingAudit := auditFunc(func(context.Context, audit.Event) (audit.Event, error) {
		return audit.Event{}, catalog.Errorf(catalog.KindUnavailable, "disk full")
	})
	okAudit := auditFunc(func(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil })
	fetched := 0
	counting := fetchFunc(func(ctx context.Context, d catalog.Dataset, k string) (connectors.Record, error) {
		fetched++
		return person(ctx, d, k)
	})
	hang := fetchFunc(func(ctx context.Context, _ catalog.Dataset, _ string) (connectors.Record, error) {
		<-ctx.Done()
		return nil, catalog.Errorf(catalog.KindTimeout, "owner did not answer")
	})
	tests := []struct {
		name    string
		p       *gateway.Pipeline
		key     string
		kind    catalog.Kind
		reason  string
		fetches int
	}{
		{"audit cannot be written", newPipeline(t, counting, failingAudit), demo.PersonKey(1), catalog.KindUnavailable, "audit_unavailable", 1},
		{"malformed key never reaches the owner", newPipeline(t, counting, okAudit), "12345", catalog.KindInvalid, "key_malformed", 0},
		{"owner hangs past the deadline", newPipeline(t, hang, okAudit), demo.PersonKey(1), catalog.KindTimeout, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetched = 0
			start := time.Now()
			res, err := tt.p.Lookup(context.Background(), dlaRequest(tt.key))
			if catalog.ErrorKind(err) != tt.kind || (tt.reason != "" && catalog.ErrorReason(err) != tt.reason) {
				t.Fatalf("err = %v (reason %q), want %s %s", err, catalog.ErrorReason(err), tt.kind, tt.reason)
			}
			if res.Record != nil || fetched != tt.fetches {
				t.Fatalf("record %v, %d fetches; want no data and %d fetches", res.Record, fetched, tt.fetches)
			}
			if time.Since(start) > 3*time.Second {
				t.Fatal("the lookup outlived its upstream deadline")
			}
		})
	}
}

func TestDeniedLookupIsAuditedAsDenial(t *testing.T) {
	var got audit.Event
	log := auditFunc(func(_ context.Context, e audit.Event) (audit.Event, error) { got = e; return e, nil })
	req := dlaRequest(demo.PersonKey(1))
	req.Agency, req.Caller.Agency = demo.Agencies()[4], "NOGRANT"
	_, err := newPipeline(t, person, log).Lookup(context.Background(), req)
	var denied *gateway.DeniedError
	if !errors.As(err, &denied) || catalog.ErrorReason(err) != "no_grant" {
		t.Fatalf("err = %v", err)
	}
	if got.Kind != audit.KindDenial || got.Decision != audit.DecisionDeny || got.Status != 403 || got.DecisionID == "" {
		t.Fatalf("audit event = %+v", got)
	}
}

type decideFunc func(context.Context, policies.Input) (policies.Decision, error)

func (f decideFunc) Decide(ctx context.Context, in policies.Input) (policies.Decision, error) {
	return f(ctx, in)
}

func TestPolicyErrorIsAnExchangeFault(t *testing.T) {
	var got audit.Event
	p := newPipeline(t, person, func(_ context.Context, e audit.Event) (audit.Event, error) { got = e; return e, nil })
	p.Decider = decideFunc(func(context.Context, policies.Input) (policies.Decision, error) {
		return policies.Decision{ID: "d-1", Reasons: []string{policies.ReasonPolicyError}}, errors.New("builtin failed")
	})
	_, err := p.Lookup(context.Background(), dlaRequest(demo.PersonKey(1)))
	if catalog.ErrorKind(err) != catalog.KindInternal || catalog.ErrorReason(err) != policies.ReasonPolicyError {
		t.Fatalf("err = %v (%s), want internal policy_error", err, catalog.ErrorKind(err))
	}
	if got.Decision != audit.DecisionError || got.DecisionID != "d-1" || got.Status != 500 {
		t.Fatalf("audit = %+v", got)
	}
}

func TestBatchLargerThanTheBurstIsRefused(t *testing.T) {
	p := newPipeline(t, person, func(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil })
	req := dlaRequest("")
	req.Agency, req.Caller.Agency = demo.Agencies()[3], "RD" // RD's grant: 120 a minute, burst 20
	req.Caller.Purpose = catalog.Purpose{Code: "tax_assessment", Basis: catalog.BasisLegalObligation}
	keys := make([]string, 21)
	for i := range keys {
		keys[i] = demo.PersonKey(i)
	}
	_, err := p.Batch(context.Background(), req, keys)
	if catalog.ErrorKind(err) != catalog.KindRateLimited || catalog.ErrorReason(err) != "batch_over_burst" {
		t.Fatalf("err = %v", err)
	}
}

func TestMasksSayWhatWasApplied(t *testing.T) {
	house := fetchFunc(func(context.Context, catalog.Dataset, string) (connectors.Record, error) {
		return connectors.Record{"house_id": demo.HouseKey(1), "address": map[string]any{"province": "ปทุมธานี"},
			"members": []any{map[string]any{"citizen_id": demo.PersonKey(1)}}}, nil
	})
	p := newPipeline(t, house, func(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil })
	req := dlaRequest(demo.HouseKey(1))
	req.Dataset = demo.HouseDataset
	res, err := p.Lookup(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Masked["house_id"] != policies.MaskPartial || res.Record["house_id"] != "xxxxxxx0001" {
		t.Errorf("house_id: %v masked %q", res.Record["house_id"], res.Masked["house_id"])
	}
	if res.Masked["members"] != policies.MaskRedact || res.Record["members"] != "[withheld]" {
		t.Errorf("members: %v masked %q; a list cannot be partly shown, so it is redacted and said so", res.Record["members"], res.Masked["members"])
	}
}
