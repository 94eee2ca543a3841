package datastore

import (
	"bytes"
	"encoding/json"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// member is one key of an object whose key order matters.
type member struct {
	Key   string
	Value any
}

// object is a JSON object written in the order of its members, as CKAN's
// answers list them.
type object []member

// MarshalJSON implements json.Marshaler.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(m.Key); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
		b.WriteByte(':')
		if err := enc.Encode(m.Value); err != nil {
			return nil, err
		}
		b.Truncate(b.Len() - 1)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// fieldDicts lists the fields as CKAN's _result_fields does: id, type
// and, where there is a data dictionary entry, info.
func fieldDicts(cols []Column) []object {
	out := make([]object, len(cols))
	for i, c := range cols {
		f := object{{"id", c.Name}, {"type", string(c.Type)}}
		if c.Label != "" || c.Notes != "" {
			f = append(f, member{"info", object{{"label", c.Label}, {"notes", c.Notes}}})
		}
		out[i] = f
	}
	return out
}

// records renders rows in the records format.
func records(format string, cols []Column, rows [][]any) any {
	switch format {
	case FormatLists:
		if rows == nil {
			return []any{}
		}
		return rows
	case FormatCSV:
		return delimited(rows, ',')
	case FormatTSV:
		return delimited(rows, '\t')
	}
	out := make([]object, len(rows))
	for i, r := range rows {
		o := make(object, len(cols))
		for j, c := range cols {
			o[j] = member{c.Name, r[j]}
		}
		out[i] = o
	}
	return out
}

// delimited writes rows as PostgreSQL's COPY … TO STDOUT csv does, with
// no header: NULL as nothing, an empty string as "", a value quoted when
// it holds the delimiter, a quote or a line break, booleans as t and f.
func delimited(rows [][]any, sep byte) string {
	var b strings.Builder
	for _, r := range rows {
		for j, v := range r {
			if j > 0 {
				b.WriteByte(sep)
			}
			b.WriteString(csvValue(v, sep))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func csvValue(v any, sep byte) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "t"
		}
		return "f"
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return pgFloat(v)
	case string:
		if v == "" || strings.ContainsAny(v, string(sep)+"\"\r\n") || v == `\.` {
			return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		return v
	}
	return ""
}

// pgFloat writes a float8 as PostgreSQL does: the shortest exact digits,
// in exponent form below 1e-4 and from 1e15.
func pgFloat(f float64) string {
	if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if e := math.Floor(math.Log10(math.Abs(f))); e < -4 || e >= 15 {
		return strconv.FormatFloat(f, 'e', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// links are CKAN's _links: the same request from the start, the next
// page and, past the first two pages, the previous one. Like CKAN's
// _insert_links they keep the query string's non-empty parameters (the
// last value of a repeated one) and set or drop offset.
func links(path, rawQuery string, limit, offset int64) object {
	var keys []string
	vals := map[string]string{}
	for _, pair := range strings.Split(rawQuery, "&") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || v == "" {
			continue
		}
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue
		}
		if _, seen := vals[k]; !seen {
			keys = append(keys, k)
		}
		vals[k] = v
	}
	at := func(off int64, keep bool) string {
		ks := slices.Clone(keys)
		vs := map[string]string{}
		for k, v := range vals {
			vs[k] = v
		}
		if !keep {
			ks = slices.DeleteFunc(ks, func(k string) bool { return k == "offset" })
		} else {
			if _, had := vs["offset"]; !had {
				ks = append(ks, "offset")
			}
			vs["offset"] = strconv.FormatInt(off, 10)
		}
		parts := make([]string, len(ks))
		for i, k := range ks {
			parts[i] = url.QueryEscape(k) + "=" + url.QueryEscape(vs[k])
		}
		if len(parts) == 0 {
			return path
		}
		return path + "?" + strings.Join(parts, "&")
	}
	out := object{{"start", at(0, false)}, {"next", at(offset+limit, true)}}
	if offset-limit > 0 {
		out = append(out, member{"prev", at(offset-limit, true)})
	}
	return out
}
