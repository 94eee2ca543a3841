package licencetest

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/opendata/licence"
)

// demoPool is the size of the demo set DemoDLA draws from: DLA's kinds are
// 67 % of the demo licences, so this holds just over a million of DLA's.
const demoPool = 1_500_000

// MaxDemoDLA is the most licences DemoDLA can write.
const MaxDemoDLA = 1_000_000

// DemoDLA upserts the demo generator's DLA licences from the from-th up to
// (not including) the to-th, in batches of licence.ImportBatch, so that
// benchmarks grow one realistic licence database (Thai names, all 77
// provinces, sole traders among them) in steps: DemoDLA(…, 0, 10_000),
// then DemoDLA(…, 10_000, 100_000). The licences are the same whatever
// the steps.
func DemoDLA(ctx context.Context, w licence.Writer, from, to int) error {
	if to > MaxDemoDLA {
		return fmt.Errorf("DemoDLA: at most %d licences, not %d", MaxDemoDLA, to)
	}
	batch := make([]licence.Licence, 0, licence.ImportBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := w.Upsert(ctx, licence.DemoDLA, batch)
		batch = batch[:0]
		return err
	}
	i := 0
	for l := range licence.DemoLicences(licence.DemoConfig{Count: demoPool}) {
		if i >= to || l.Issuer != licence.DemoDLA {
			break // DLA's kinds come first in the demo's order
		}
		if i >= from {
			batch = append(batch, l)
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		i++
	}
	if err := flush(); err != nil {
		return err
	}
	if i < to {
		return fmt.Errorf("DemoDLA: the demo set has only %d DLA licences", i)
	}
	return nil
}
