package ckan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// snapshot is one consistent view of the stored packages: lookups, the
// organisations, groups and tags they name, and the search index of the
// active ones. It is immutable once built.
type snapshot struct {
	byID      map[string]*entry // every package, deleted ones included
	byName    map[string]*entry
	active    []*entry // ordered by name
	resources map[string]resourceRef
	orgs      *collection
	groups    *collection
	tags      map[string]*tagEntry
	tagNames  []string
	index     *search.Index
}

// entry is one package and its dict, encoded once.
type entry struct {
	pkg opendata.Package
	raw json.RawMessage
}

type resourceRef struct {
	e *entry
	i int
}

type tagEntry struct {
	tag  opendata.Tag
	pkgs []*entry
}

// buildSnapshot indexes pkgs; only active packages are searchable, as
// CKAN drops deleted ones from its search index.
func buildSnapshot(_ opendata.Marker, pkgs []opendata.Package) (*snapshot, error) {
	s := &snapshot{byID: map[string]*entry{}, byName: map[string]*entry{},
		resources: map[string]resourceRef{}, tags: map[string]*tagEntry{}}
	docs := make([]search.Doc, 0, len(pkgs))
	created := firstCreated(pkgs)
	for _, p := range pkgs {
		if p.Organization != nil && p.Organization.Created.IsZero() {
			o := *p.Organization
			o.Created = created[o.ID]
			p.Organization = &o
		}
		raw, err := encode(p)
		if err != nil {
			return nil, fmt.Errorf("encode package %s: %w", p.Name, err)
		}
		e := &entry{pkg: p, raw: raw}
		s.byID[p.ID], s.byName[p.Name] = e, e
		for i, r := range p.Resources {
			s.resources[r.ID] = resourceRef{e, i}
		}
		if p.State != opendata.StateActive {
			continue
		}
		s.active = append(s.active, e)
		docs = append(docs, opendata.SearchDoc(p))
		s.addTags(e)
	}
	slices.SortFunc(s.active, func(a, b *entry) int { return strings.Compare(a.pkg.Name, b.pkg.Name) })
	for name := range s.tags {
		s.tagNames = append(s.tagNames, name)
	}
	slices.Sort(s.tagNames)
	s.orgs, s.groups = organizations(s.active, created), groups(s.active, created)
	s.index = search.NewIndex(docs)
	return s, nil
}

// firstCreated dates each organisation and group by the earliest
// package that ever named it, deleted ones included: gdx keeps no records
// of its own for them, and since stored packages are never removed and
// metadata_created only grows, the date never changes.
func firstCreated(pkgs []opendata.Package) map[string]opendata.Time {
	out := map[string]opendata.Time{}
	note := func(id string, t opendata.Time) {
		if c, ok := out[id]; !ok || t.Before(c.Time) {
			out[id] = t
		}
	}
	for _, p := range pkgs {
		if p.Organization != nil {
			note(p.Organization.ID, p.MetadataCreated)
		}
		for _, g := range p.Groups {
			note(g.ID, p.MetadataCreated)
		}
	}
	return out
}

func (s *snapshot) addTags(e *entry) {
	for _, t := range e.pkg.Tags {
		te := s.tags[t.Name]
		if te == nil {
			te = &tagEntry{tag: t}
			s.tags[t.Name] = te
		}
		te.pkgs = append(te.pkgs, e)
	}
}

func encode(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// current returns the snapshot, loading the first one when none is.
func (h *Handler) current(ctx context.Context) (*snapshot, error) {
	s, err := h.snaps.Current(ctx)
	if err != nil {
		return nil, fmt.Errorf("ckan: %w", err)
	}
	return s, nil
}

// Refresh rebuilds the snapshot and the search index when the store's
// change marker has moved since the last build.
func (h *Handler) Refresh(ctx context.Context) error {
	if err := h.snaps.Refresh(ctx); err != nil {
		return fmt.Errorf("ckan: %w", err)
	}
	return nil
}

// Run refreshes the snapshot every PollInterval until ctx ends, so that a
// change stored by any replica is served here within the interval plus
// one rebuild. Refresh failures are logged and retried.
func (h *Handler) Run(ctx context.Context) error {
	h.snaps.Run(ctx, h.cfg.PollInterval, func(err error) {
		h.log.Warn("open-data snapshot refresh failed", "err", fmt.Errorf("ckan: %w", err))
	})
	return nil
}
