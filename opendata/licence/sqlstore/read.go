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
		go s.readPages(ctx, issuer, pages)
		for p := range pages {
			if p.err != nil {
				yield(licence.PublicLicence{}, fmt.Errorf("read licences: %w", p.err))
				return
			}
			for _, l := range p.rows {
				if !yield(l, nil) {
					return
				}
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
// the last page, after an error, or when ctx is done.
func (s *Store) readPages(ctx context.Context, issuer string, out chan<- pageResult) {
	defer close(out)
	afterIssuer, afterNumber := issuer, ""
	for {
		page, err := s.page(ctx, issuer, afterIssuer, afterNumber)
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

// page reads the next page after (afterIssuer, afterNumber).
func (s *Store) page(ctx context.Context, issuer, afterIssuer, afterNumber string) ([]licence.PublicLicence, error) {
	if issuer != "" {
		return sqldb.List(ctx, s.db, scanPublic, `SELECT `+publicColumns+` FROM licences
			WHERE issuer = $1 AND number > $2 ORDER BY issuer, number LIMIT $3`, issuer, afterNumber, pageSize)
	}
	return sqldb.List(ctx, s.db, scanPublic, `SELECT `+publicColumns+` FROM licences
		WHERE (issuer, number) > ($1, $2) ORDER BY issuer, number LIMIT $3`, afterIssuer, afterNumber, pageSize)
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
		out, err := sqldb.List(ctx, s.db, scanPublic, `SELECT `+publicColumns+` FROM licences
			WHERE number = $1 AND ($2 = '' OR issuer = $2) ORDER BY issuer LIMIT $3`, n.Number, n.Issuer, n.Limit)
		if err != nil {
			return nil, fmt.Errorf("search licences by number: %w", err)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	byName, err := sqldb.List(ctx, s.db, scanPublic, `SELECT `+publicColumns+` FROM licences
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
