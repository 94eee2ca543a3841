package gateway

import (
	"context"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/connectors"
)

// MaxBatchKeys bounds a batch lookup.
const MaxBatchKeys = 100

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
		return catalog.Errorf(catalog.KindInvalid, "a batch holds 1 to %d keys, got %d", MaxBatchKeys, len(b.Keys)).WithReason(ReasonBatchSize)
	}
	return nil
}

// BatchItem is one key's outcome in a batch: its minimised record and
// masks, or the domain error that failed this key alone.
type BatchItem struct {
	Key    string
	Record connectors.Record
	Masked map[string]string
	Err    error
	// upstream is the owner's status for this key, for the audit.
	upstream int
}

// BatchResult answers a batch: one decision, per-key results. Its fields
// are LookupResult's but the record and masks, which are per key. The
// agency API's wire form is batchAnswer.
type BatchResult struct {
	Dataset       string
	Withheld      []WithheldField
	Obligations   []string
	DecisionID    string
	PolicyVersion string
	AuditEventID  string
	Results       []BatchItem
}

// Batch looks up many keys of one dataset under one decision. Malformed
// or missing keys fail alone; a denial, an unknown dataset or a failed
// audit fail the whole batch.
func (p *Pipeline) Batch(ctx context.Context, req LookupRequest, keys []string) (BatchResult, error) {
	st := newLookupState(req, p.now())
	defer st.release() // after fetchAll's goroutines, which it waits for
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
	if err := p.finish(ctx, st, ev, err); err != nil {
		return BatchResult{}, err
	}
	r := st.result
	return BatchResult{Dataset: r.Dataset, Withheld: r.Withheld, Obligations: r.Obligations, DecisionID: r.DecisionID,
		PolicyVersion: r.PolicyVersion, AuditEventID: r.AuditEventID, Results: items}, nil
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
			items[i].Err = err
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
		item.Err = err
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
