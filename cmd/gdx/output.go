package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/spf13/cobra"
)

// outputFlag is the -o flag of commands that list things: aligned tables
// for people, JSON lines for scripts.
type outputFlag struct{ format string }

func (o *outputFlag) register(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.format, "output", "o", "table", "output format: table (for people) or json (one object per line, for scripts)")
	completeWords(cmd, "output", "table", "json")
}

// completeWords makes the shell complete the flag's value from words.
func completeWords(cmd *cobra.Command, flag string, words ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(words, cobra.ShellCompDirectiveNoFileComp))
}

// check refuses an unknown format before the command does any work.
func (o *outputFlag) check() error {
	if o.format != "table" && o.format != "json" {
		return usagef("--output %q: want table or json", o.format)
	}
	return nil
}

func (o *outputFlag) json() bool { return o.format == "json" }

// table writes aligned columns under a header.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) { fmt.Fprintln(t.tw, strings.Join(cells, "\t")) }

func (t *table) flush() error { return t.tw.Flush() }

// writeJSONLines writes each item as one JSON object on its own line, with
// snake_case member names (see snakeJSON).
func writeJSONLines[T any](w io.Writer, items []T) error {
	for _, it := range items {
		b, err := snakeJSON(it)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s\n", b); err != nil {
			return err
		}
	}
	return nil
}

// snakeJSON encodes a struct as JSON with the API's member names: a
// field's json tag when it has one, else its Go name in snake_case
// ("KeyHashes" → "key_hashes", "RequestID" → "request_id"), in field
// order. Nested values keep their own encoding; a field tagged "-" is
// left out. Non-structs are encoded as encoding/json does.
func snakeJSON(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct {
		return json.Marshal(v)
	}
	var b strings.Builder
	b.WriteByte('{')
	first := true
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		name, ok := memberName(f)
		if !ok {
			continue
		}
		val, err := json.Marshal(rv.Field(i).Interface())
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", f.Name, err)
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		key, _ := json.Marshal(name)
		b.Write(key)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// memberName is the JSON member name of a struct field, and false for a
// field that is not encoded.
func memberName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch tag {
	case "-":
		return "", false
	case "":
		return snakeCase(f.Name), true
	}
	return tag, true
}

// snakeCase turns a Go name into snake_case, keeping initialisms and
// their plurals whole: "ID" → "id", "CertThumbprint" → "cert_thumbprint",
// "HTTPStatus" → "http_status", "IPs" → "ips".
func snakeCase(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prevLower := unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1])
			startsWord := i+1 < len(r) && unicode.IsLower(r[i+1]) && !pluralS(r, i+1)
			if prevLower || startsWord && unicode.IsUpper(r[i-1]) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// pluralS reports whether r[i] is the lone 's' that makes an initialism
// plural ("IPs", "URLsSeen"), not the start of a word.
func pluralS(r []rune, i int) bool {
	return r[i] == 's' && (i+1 == len(r) || unicode.IsUpper(r[i+1]))
}

// listing is the RunE of a command that reads the stores and prints: it
// checks -o, opens the database, hands the stores to list and closes them.
func listing(f *dbFlags, o *outputFlag, list func(ctx context.Context, cmd *cobra.Command, st *stores) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		if err := o.check(); err != nil {
			return err
		}
		ctx := cmd.Context()
		st, err := f.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		return list(ctx, cmd, st)
	}
}
