package gateway

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// MaxBatchKeys bounds a batch lookup.
const MaxBatchKeys = 100

// MaxBatchBody bounds a batch's body: 100 keys and a field list fit in
// a few kilobytes.
const MaxBatchBody = 64 << 10

// batchFetchers bounds the calls to the owner one batch makes at once.
const batchFetchers = 8

// BatchBody is the body of POST /v1/datasets/{dataset}/records:batch.
type BatchBody struct {
	Keys   []string `json:"keys"`
	Fields []string `json:"fields"`
}

// Validate checks the batch's size.
func (b BatchBody) Validate() error {
	if len(b.Keys) == 0 || len(b.Keys) > MaxBatchKeys {
		return catalog.Errorf(catalog.KindInvalid, "a batch holds 1 to %d keys, got %d", MaxBatchKeys, len(b.Keys)).WithReason("batch_size")
	}
	return nil
}

// BatchItem is one key's outcome in a batch.
type BatchItem struct {
	Key    string            `json:"key"`
	Record connectors.Record `json:"record,omitempty"`
	Masked map[string]string `json:"masked,omitempty"`
	Error  *httpapi.Problem  `json:"error,omitempty"`
	// upstream is the owner's status for this key, for the audit.
	upstream int
}

// BatchResult answers a batch: one decision, per-key results.
type BatchResult struct {
	LookupResult
	Record  connectors.Record `json:"record,omitempty"`
	Results []BatchItem       `json:"results"`
}

// handleDatasetAction serves POST /v1/datasets/{dataset}/records:batch
// (Google AIP-136 custom-method style).
func (s *apiServer) handleDatasetAction(c *gin.Context) error {
	if c.Param("action") != "records:batch" {
		return catalog.Errorf(catalog.KindNotFound, "no such endpoint: POST %s", c.FullPath()).WithReason("no_route")
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
	res, err := s.deps.Pipeline.Batch(c.Request.Context(), req, body.Keys)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, res)
	return nil
}

// Batch looks up many keys of one dataset under one decision. Malformed
// or missing keys fail alone; a denial, an unknown dataset or a failed
// audit fail the whole batch.
func (p *Pipeline) Batch(ctx context.Context, req LookupRequest, keys []string) (BatchResult, error) {
	st := &lookupState{req: req, started: p.now()}
	err := runSteps(ctx, st, p.validateBatch, func(ctx context.Context, st *lookupState) error {
		return p.limitN(ctx, st, len(keys))
	}, p.decide)
	var items []BatchItem
	var hashes []string
	if err == nil {
		items, hashes = p.fetchAll(ctx, st, keys)
		st.result = LookupResult{Dataset: st.dataset.ID, Withheld: withheld(st.fields, st.decision),
			Obligations: nonNilStrings(st.decision.Obligations), DecisionID: st.decision.ID, PolicyVersion: st.decision.PolicyVersion}
	}
	ev := p.lookupEvent(st, err)
	ev.Kind, ev.Keys, ev.KeyHashes, ev.KeyHash = batchKind(ev.Kind), len(keys), hashes, ""
	if err == nil {
		ev.FieldsReturned, ev.UpstreamStatus = batchOutcome(items)
	}
	stored, auditErr := p.appendAudit(ctx, ev)
	p.Metrics.observeLookup(st, err, auditErr)
	if auditErr != nil {
		return BatchResult{}, auditUnavailable(auditErr)
	}
	p.logDecision(ctx, st, stored.ID)
	if err != nil {
		return BatchResult{}, err
	}
	st.result.AuditEventID = stored.ID
	return BatchResult{LookupResult: st.result, Results: items}, nil
}

func batchKind(k audit.Kind) audit.Kind {
	if k == audit.KindLookup {
		return audit.KindBatch
	}
	return k
}

// validateBatch checks the dataset and fields; keys are checked one by one.
func (p *Pipeline) validateBatch(ctx context.Context, st *lookupState) error {
	if err := p.validateDataset(ctx, st); err != nil {
		return err
	}
	var err error
	st.fields, err = requestedFields(st.dataset, st.req.Fields)
	return err
}

// fetchAll fetches every key with a few calls at a time and minimises
// each record under the one decision.
func (p *Pipeline) fetchAll(ctx context.Context, st *lookupState, keys []string) ([]BatchItem, []string) {
	items := make([]BatchItem, len(keys))
	hashes := make([]string, 0, len(keys))
	sem := make(chan struct{}, batchFetchers)
	var wg sync.WaitGroup
	for i, raw := range keys {
		items[i].Key = raw
		key, err := catalog.NormalizeKey(st.dataset.KeyKind, raw)
		if err != nil {
			items[i].Error = problemOf(err)
			continue
		}
		hashes = append(hashes, p.Hasher.HashKey(string(st.dataset.KeyKind), key))
		wg.Add(1)
		sem <- struct{}{}
		go func(item *BatchItem, key string) {
			defer func() { <-sem; wg.Done() }()
			p.fetchOne(ctx, st, item, key)
		}(&items[i], key)
	}
	wg.Wait()
	return items, hashes
}

func (p *Pipeline) fetchOne(ctx context.Context, st *lookupState, item *BatchItem, key string) {
	one := &lookupState{req: st.req, dataset: st.dataset, key: key, fields: st.fields, decision: st.decision, started: time.Now()}
	err := p.fetch(ctx, one)
	item.upstream = one.upstream
	if err != nil {
		item.Error = problemOf(err)
		return
	}
	_ = p.minimise(ctx, one)
	item.Record, item.Masked = one.result.Record, one.result.Masked
}

// batchOutcome is what the audit keeps of a batch: the fields that were
// returned for at least one key, and the worst status the owner gave.
func batchOutcome(items []BatchItem) (fields []string, upstream int) {
	seen := map[string]bool{}
	for _, it := range items {
		upstream = max(upstream, it.upstream)
		for f := range it.Record {
			if !seen[f] {
				seen[f] = true
				fields = append(fields, f)
			}
		}
	}
	return sortedStrings(fields), upstream
}

func problemOf(err error) *httpapi.Problem {
	p := httpapi.ProblemOf(err)
	return &p
}
