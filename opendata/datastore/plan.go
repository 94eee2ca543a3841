package datastore

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// plan is a search bound to its table: the SQL pieces and their
// parameters, every column taken from the table's whitelist.
type plan struct {
	t      Table
	cols   []Column // the fields returned, in order
	where  []string
	args   []any
	order  []string
	s      *search
	hasAny bool // a filter or q narrowed the rows
}

// invalidValue is the message CKAN's backend validate gives for a
// parameter it could not use: 'invalid value "x"'.
func invalidValue(key, value string) error {
	return httpapi.CKANFieldErrors{key: {`invalid value "` + value + `"`}}
}

// invalidQuery is what CKAN answers when PostgreSQL refuses the query it
// built (a filter value of the wrong type, an ORDER BY that DISTINCT
// forbids).
func invalidQuery() error { return httpapi.CKANFieldErrors{"query": {"Invalid query"}} }

// bind checks the search against the table as CKAN's datastore_validate
// does — fields, filters, offset, q and sort, the first bad one reported
// — and builds the plan.
func (s *search) bind(t Table) (*plan, error) {
	p := &plan{t: t, s: s, args: slices.Clone(t.Args)}
	if t.Where != "" {
		p.where = append(p.where, "("+t.Where+")")
	}
	steps := []func() error{p.bindFields, p.checkFilters, p.bindOffset, p.bindQ, p.bindSort, p.bindFilters}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if len(p.args) > maxParams {
		return nil, invalidQuery()
	}
	return p, nil
}

// maxParams bounds a query's parameters, well below what either engine
// accepts (PostgreSQL 65535, SQLite 32766).
const maxParams = 10000

func (p *plan) bindFields() error {
	if p.s.fields == nil {
		p.cols = p.t.fields()
		return nil
	}
	for _, name := range p.s.fields {
		c, ok := p.t.column(name)
		if !ok {
			return invalidValue("fields", name)
		}
		if !slices.ContainsFunc(p.cols, func(x Column) bool { return x.Name == name }) {
			p.cols = append(p.cols, c)
		}
	}
	return nil
}

func (p *plan) bindOffset() error {
	if p.s.offset < 0 {
		return invalidValue("offset", strconv.FormatInt(p.s.offset, 10))
	}
	return nil
}

// param adds a parameter and returns its placeholder.
func (p *plan) param(v any) string {
	p.args = append(p.args, v)
	return "$" + strconv.Itoa(len(p.args))
}

// checkFilters is CKAN's validation of filters: an object whose every
// key is a field.
func (p *plan) checkFilters() error {
	if p.s.filters == nil {
		return nil
	}
	m, ok := p.s.filters.(map[string]any)
	if !ok {
		if list, isList := p.s.filters.([]any); isList && len(list) > 0 {
			return invalidValue("filters", text(list[0]))
		}
		return invalidValue("filters", text(p.s.filters))
	}
	for _, k := range sortedKeys(m) {
		if _, ok := p.t.column(k); !ok {
			return invalidValue("filters", k)
		}
	}
	return nil
}

// bindFilters adds the checked filters; a value the field's type cannot
// read fails as the query would in PostgreSQL, after validation.
func (p *plan) bindFilters() error {
	m, _ := p.s.filters.(map[string]any)
	for _, k := range sortedKeys(m) {
		c, _ := p.t.column(k)
		if err := p.filter(c, m[k]); err != nil {
			return err
		}
	}
	return nil
}

// filter adds field = value, or field IN (values) for a list.
func (p *plan) filter(c Column, v any) error {
	p.hasAny = true
	list, isList := v.([]any)
	if !isList {
		arg, err := filterArg(c.Type, v)
		if err != nil {
			return err
		}
		p.where = append(p.where, "("+c.Expr+" = "+p.param(arg)+")")
		return nil
	}
	if len(list) == 0 {
		p.where = append(p.where, "(1 = 0)")
		return nil
	}
	marks := make([]string, len(list))
	for i, x := range list {
		arg, err := filterArg(c.Type, x)
		if err != nil {
			return err
		}
		marks[i] = p.param(arg)
	}
	p.where = append(p.where, "("+c.Expr+" IN ("+strings.Join(marks, ", ")+"))")
	return nil
}

// filterArg converts a filter value to the column's type, as PostgreSQL
// reads a literal of it; a value it would refuse is an invalid query.
func filterArg(t Type, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if _, nested := v.(map[string]any); nested {
		return nil, invalidQuery()
	}
	if _, nested := v.([]any); nested {
		return nil, invalidQuery()
	}
	s := text(v)
	switch t {
	case Int, idType:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, invalidQuery()
		}
		return n, nil
	case Float, Numeric:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, invalidQuery()
		}
		return f, nil
	case Bool:
		return boolArg(v)
	case Date:
		if !isDate(s) {
			return nil, invalidQuery()
		}
		return s, nil
	}
	if _, isNum := v.(json.Number); isNum && t == Text {
		return nil, invalidQuery() // text = integer: PostgreSQL has no such operator
	}
	return s, nil
}

func boolArg(v any) (any, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	switch strings.ToLower(strings.TrimSpace(text(v))) {
	case "t", "true", "y", "yes", "on", "1":
		return true, nil
	case "f", "false", "n", "no", "off", "0":
		return false, nil
	}
	return nil, invalidQuery()
}

// isDate reports whether s is a YYYY-MM-DD date.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	m, d := (s[5]-'0')*10+s[6]-'0', (s[8]-'0')*10+s[9]-'0'
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// bindQ adds the text search: every word of q in some text field, or,
// for q as an object, every word of each value in its field.
func (p *plan) bindQ() error {
	switch q := p.s.q.(type) {
	case nil:
	case string:
		var texts []Column
		for _, c := range p.t.Columns {
			if c.Type == Text {
				texts = append(texts, c)
			}
		}
		p.matchWords(texts, q)
	case map[string]any:
		keys := sortedKeys(q)
		for _, k := range keys {
			if _, ok := p.t.column(k); !ok {
				return invalidValue("q", k)
			}
			if _, ok := q[k].(string); !ok {
				return invalidValue("q", k)
			}
		}
		for _, k := range keys {
			c, _ := p.t.column(k)
			p.matchWords([]Column{c}, q[k].(string))
		}
	}
	return nil
}

// matchWords requires every word of q to be a substring of one of cols,
// ignoring the case of A-Z.
func (p *plan) matchWords(cols []Column, q string) {
	for _, w := range strings.Fields(q) {
		p.hasAny = true
		if len(cols) == 0 {
			p.where = append(p.where, "(1 = 0)")
			continue
		}
		mark := p.param("%" + escapeLike(lowerASCII(w)) + "%")
		ors := make([]string, len(cols))
		for i, c := range cols {
			expr := c.Expr
			if c.Type != Text {
				expr = "CAST(" + expr + " AS TEXT)"
			}
			ors[i] = "lower(" + expr + ") LIKE " + mark + ` ESCAPE '\'`
		}
		p.where = append(p.where, "("+strings.Join(ors, " OR ")+")")
	}
}

// lowerASCII folds A-Z only, as lower() does on both engines for the
// published text (SQLite's lower() and PostgreSQL's under the "C"
// collation), so that a pattern matches the same rows on either. Thai
// has no case.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// escapeLike makes LIKE's wildcards match literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// bindSort reads "a, b desc nulls first" against the whitelist. Ties are
// broken by _id (or, with distinct, by the returned fields), so that
// paging is stable and both engines agree; NULLS is always explicit, as
// PostgreSQL orders them, since SQLite's default differs.
func (p *plan) bindSort() error {
	var sorted []string
	for _, clause := range p.s.sort {
		c, dir, ok := p.sortField(clause)
		if !ok {
			return invalidValue("sort", clause)
		}
		p.order = append(p.order, c.Expr+" "+dir)
		sorted = append(sorted, c.Name)
	}
	if !p.s.distinct {
		if !slices.Contains(sorted, "_id") {
			p.order = append(p.order, p.t.ID+" ASC")
		}
		return nil
	}
	for _, name := range sorted {
		if !slices.ContainsFunc(p.cols, func(c Column) bool { return c.Name == name }) {
			return invalidQuery() // SELECT DISTINCT needs ORDER BY fields in its list
		}
	}
	for _, c := range p.cols {
		if !slices.Contains(sorted, c.Name) {
			p.order = append(p.order, c.Expr+" ASC NULLS LAST")
		}
	}
	return nil
}

func (p *plan) sortField(clause string) (Column, string, bool) {
	m := sortClause.FindStringSubmatch(clause)
	if m == nil {
		return Column{}, "", false
	}
	field := m[1]
	if len(field) > 1 && field[0] == '"' && field[len(field)-1] == '"' {
		field = field[1 : len(field)-1]
	}
	c, ok := p.t.column(field)
	if !ok {
		return Column{}, "", false
	}
	dir := "ASC"
	if strings.EqualFold(m[3], "desc") {
		dir = "DESC"
	}
	nulls := map[string]string{"ASC": "NULLS LAST", "DESC": "NULLS FIRST"}[dir]
	if m[5] != "" {
		nulls = "NULLS " + strings.ToUpper(m[5])
	}
	return c, fmt.Sprintf("%s %s", dir, nulls), true
}
