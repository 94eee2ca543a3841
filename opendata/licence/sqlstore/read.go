package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// pageSize is how many licences Each reads per query.
const pageSize = 1000

// Each iterates over public views in (issuer, number) order, a page at a
// time by keyset, so that memory and each query's cost stay bounded; see
// licence.Store. The next page is read while the caller works through the
// current one, so the database and the caller run side by side instead of
// taking turns (at most two pages are held).
func (s *Store) Each(ctx context.Context, issuer string) iter.Seq2[licence.PublicLicence, error] {
	return func(yield func(licence.PublicLicence, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		pages := make(chan pageResult, 1)
		free := make(chan []licence.PublicLicence, 2)
		go s.readPages(ctx, issuer, pages, free)
		for p := range pages {
			if p.err != nil {
				yield(licence.PublicLicence{}, fmt.Errorf("read licences: %w", p.err))
				return
			}
			for i := range p.rows {
				if !yield(p.rows[i], nil) {
					return
				}
			}
			select {
			case free <- p.rows[:0]:
			default: // the reader has finished and holds enough
			}
		}
	}
}

// pageResult is one page read ahead by readPages, or the error that ended
// the reading.
type pageResult struct {
	rows []licence.PublicLicence
	err  error
}

// readPages sends the issuer's pages in order to out and closes it, after
// the last page, after an error, or when ctx is done. It reads into the
// pages Each has finished with, from free, when there are some: the page
// being read, the one waiting in out and the one Each is on are all the
// pages there are.
func (s *Store) readPages(ctx context.Context, issuer string, out chan<- pageResult, free <-chan []licence.PublicLicence) {
	defer close(out)
	ps := newPublicScan()
	afterIssuer, afterNumber := issuer, ""
	for {
		var buf []licence.PublicLicence
		select {
		case buf = <-free:
		default:
			buf = make([]licence.PublicLicence, 0, pageSize)
		}
		page, err := s.page(ctx, ps, buf, issuer, afterIssuer, afterNumber)
		select {
		case out <- pageResult{rows: page, err: err}:
		case <-ctx.Done():
			return
		}
		if err != nil || len(page) < pageSize {
			return
		}
		last := page[len(page)-1]
		afterIssuer, afterNumber = last.Issuer, last.Number
	}
}

// page reads the next page after (afterIssuer, afterNumber), appending
// to buf.
func (s *Store) page(ctx context.Context, ps *publicScan, buf []licence.PublicLicence, issuer, afterIssuer, afterNumber string) ([]licence.PublicLicence, error) {
	var rows sqldb.Rows
	var err error
	if issuer != "" {
		rows, err = s.db.Query(ctx, `SELECT `+publicColumns+` FROM licences
			WHERE issuer = $1 AND number > $2 ORDER BY issuer, number LIMIT $3`, issuer, afterNumber, pageSize)
	} else {
		rows, err = s.db.Query(ctx, `SELECT `+publicColumns+` FROM licences
			WHERE (issuer, number) > ($1, $2) ORDER BY issuer, number LIMIT $3`, afterIssuer, afterNumber, pageSize)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		buf = append(buf, licence.PublicLicence{})
		if err := ps.into(rows, &buf[len(buf)-1]); err != nil {
			return nil, err
		}
	}
	return buf, rows.Err()
}

// Search finds licences by exact number or, when none has the number, by a
// part of a juristic licensee's business name; see licence.Store.
//
// NOTE: the name search is a LIKE '%…%' scan of the table (about 0.1-0.3 s
// over 200,000 licences on a busy machine); a word index belongs to the
// Thai search, not here.
func (s *Store) Search(ctx context.Context, q licence.SearchQuery) ([]licence.PublicLicence, error) {
	n, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	if n.Number != "" {
		out, err := sqldb.List(ctx, s.db, newPublicScan().scan, `SELECT `+publicColumns+` FROM licences
			WHERE number = $1 AND ($2 = '' OR issuer = $2) ORDER BY issuer LIMIT $3`, n.Number, n.Issuer, n.Limit)
		if err != nil {
			return nil, fmt.Errorf("search licences by number: %w", err)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	byName, err := sqldb.List(ctx, s.db, newPublicScan().scan, `SELECT `+publicColumns+` FROM licences
		WHERE name_fold LIKE $1 ESCAPE '\' AND licensee_kind = 'juristic' AND ($2 = '' OR issuer = $2)
		ORDER BY issuer, number LIMIT $3`, "%"+escapeLike(n.Fold)+"%", n.Issuer, n.Limit)
	if err != nil {
		return nil, fmt.Errorf("search licences by name: %w", err)
	}
	return byName, nil
}

// escapeLike escapes LIKE's wildcards so that the text matches literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
