package licence

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// importer is one run of Import.
type importer struct {
	w        Writer
	agency   string
	rep      *Report
	bytes    *countingReader
	progress func(Progress)
	batch    []Licence

	seen *seenSet
}

func (im *importer) run(ctx context.Context, src source) error {
	im.batch = make([]Licence, 0, ImportBatch)
	for {
		raw, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		im.rep.Rows++
		im.take(raw)
		if len(im.batch) == ImportBatch {
			if err := im.flush(ctx); err != nil {
				return err
			}
		}
	}
	return im.flush(ctx)
}

// take validates a row and queues its licence, or reports its problems.
func (im *importer) take(raw rawRow) {
	l, problems := parseRow(raw, im.agency)
	if len(problems) == 0 {
		problems = im.checkDuplicate(raw.line, l.Number)
	}
	if len(problems) > 0 {
		im.rep.Rejected++
		for _, p := range problems {
			im.rep.addProblem(p)
		}
		return
	}
	im.batch = append(im.batch, l)
}

func (im *importer) checkDuplicate(line int, number string) []Problem {
	if first, dup := im.seen.add(number, line); dup {
		return []Problem{{Line: line, Column: ColNumber, Number: number,
			Reason: fmt.Sprintf("licence number %s appears again (first on line %d); the first one is kept", number, first)}}
	}
	return nil
}

// flush writes the queued licences in one transaction and reports progress.
func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) > 0 {
		c, err := im.w.Upsert(ctx, im.agency, im.batch)
		if err != nil {
			return fmt.Errorf("import licences of %s (%d rows read): %w", im.agency, im.rep.Rows, err)
		}
		im.rep.Counts.Add(c)
		clear(im.batch)
		im.batch = im.batch[:0]
	}
	if im.progress != nil {
		im.progress(Progress{Rows: im.rep.Rows, Bytes: im.bytes.n, Counts: im.rep.Counts, Rejected: im.rep.Rejected})
	}
	return nil
}
