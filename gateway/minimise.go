package gateway

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/connectors"
	"github.com/gdx-exchange/gdx/policies"
)

// redacted replaces a value under the redact mask.
const redacted = "[withheld]"

// minimise keeps only the fields the decision allows, applies its masks
// and says which requested fields were withheld and why.
func (p *Pipeline) minimise(_ context.Context, st *lookupState) error {
	d := st.decision
	out := make(connectors.Record, len(d.Fields))
	masked := map[string]string{}
	for _, f := range d.Fields {
		v, ok := st.record[f]
		if !ok {
			continue
		}
		if mask, ok := d.Masks[f]; ok {
			v, masked[f] = p.applyMask(mask, st.req.Agency.Code, v)
		}
		out[f] = v
	}
	st.result = LookupResult{Dataset: st.dataset.ID, Record: out, Withheld: withheld(st.fields, d),
		Masked: masked, Obligations: nonNilStrings(d.Obligations), DecisionID: d.ID, PolicyVersion: d.PolicyVersion}
	return nil
}

// withheld lists the requested fields the decision did not return.
// It reads the reasons of each withheld field from the decision directly,
// as Decision.Withheld does, without building its map per lookup.
// Every field's reasons are slices of one list, sized so that it never
// grows: a reason names at most one field, and a field without one gets
// one.
func withheld(requested []string, d policies.Decision) []WithheldField {
	n := 0
	for _, f := range requested {
		if !slices.Contains(d.Fields, f) {
			n++
		}
	}
	out := make([]WithheldField, 0, n)
	var all []string
	for _, f := range requested {
		if slices.Contains(d.Fields, f) {
			continue
		}
		if all == nil {
			all = make([]string, 0, len(d.Reasons)+n)
		}
		start := len(all)
		for _, r := range d.Reasons {
			if code, field := policies.ParseReason(r); field == f {
				all = append(all, code)
			}
		}
		if len(all) == start {
			all = append(all, policies.ReasonFieldNotGranted)
		}
		out = append(out, WithheldField{Field: f, Reasons: all[start:len(all):len(all)]})
	}
	return out
}

// applyMask hides a value as the policy asks and returns the mask it
// applied. Values that are not text (a list of members, an address) are
// redacted under a partial mask, since partial text would mislead; the
// answer then says "redact", not "partial".
func (p *Pipeline) applyMask(mask, consumer string, v any) (any, string) {
	s, isText := v.(string)
	switch {
	case mask == policies.MaskPartial && isText:
		return partial(s), policies.MaskPartial
	case mask == policies.MaskHash:
		// NOTE: keyed per consumer, so two agencies cannot join their
		// hashed identifiers.
		return "h:" + p.Hasher.HashKey("mask:"+consumer, fmt.Sprint(v)), policies.MaskHash
	}
	return redacted, policies.MaskRedact
}

// partial keeps the last four characters.
func partial(s string) string {
	if !utf8.ValidString(s) {
		r := []rune(s) // each invalid byte becomes U+FFFD
		s = string(r)
	}
	n := utf8.RuneCountInString(s)
	if n <= 4 {
		return strings.Repeat("x", n)
	}
	cut := len(s)
	for range 4 {
		_, size := utf8.DecodeLastRuneInString(s[:cut])
		cut -= size
	}
	var b strings.Builder
	b.Grow(n - 4 + len(s) - cut)
	for range n - 4 {
		b.WriteByte('x')
	}
	b.WriteString(s[cut:])
	return b.String()
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
