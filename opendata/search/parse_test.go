package search

import (
	"errors"
	"strings"
	"testing"
)

func TestParseLucene(t *testing.T) {
	tests := []struct {
		name, q, want string
	}{
		{"juxtaposition is AND", "a b", "(+a +b)"},
		{"OR makes both optional", "a OR b", "(a b)"},
		{"AND binds its neighbours, OR leaves the rest optional", "a AND b OR c", "(+a b c)"},
		{"symbolic operators", "a && b || c", "(+a b c)"},
		{"plus and minus", "+a -b c", "(+a -b +c)"},
		{"NOT prefix", "a NOT b", "(+a -b)"},
		{"bang prefix", "a !b", "(+a -b)"},
		{"purely negative", "-state:deleted", "(-state:deleted)"},
		{"OR then minus", "a OR -b", "(a -b)"},
		{"parentheses", "(a OR b) c", "(+(a b) +c)"},
		{"nested parentheses", "((a))", "a"},
		{"field group", "tags:(a b)", "(+tags:a +tags:b)"},
		{"field value", "tags:economy", "tags:economy"},
		{"field phrase", `title:"open data"`, `title:"open data"`},
		{"Thai field phrase", `title:"ร้านขายยา"`, `title:"ร้านขายยา"`},
		{"free phrase", `"a b" c`, `(+"a b" +c)`},
		{"inclusive range", "metadata_modified:[NOW-1DAY TO NOW]", "metadata_modified:[NOW-1DAY TO NOW]"},
		{"exclusive range", "x:{a TO b}", "x:{a TO b}"},
		{"mixed range", "x:[1 TO 2}", "x:[1 TO 2}"},
		{"open range", "metadata_modified:[2024-01-01T00:00:00Z TO *]", "metadata_modified:[2024-01-01T00:00:00Z TO *]"},
		{"quoted range end", `x:["a b" TO *]`, "x:[a b TO *]"},
		{"match all", "*:*", "*:*"},
		{"field present", "license_id:*", "license_id:*"},
		{"prefix", "name:food*", "name:food*"},
		{"unfielded prefix", "food*", "food*"},
		{"boost", "title:a^2", "title:a^2"},
		{"fuzzy ignored", "roam~1", "roam"},
		{"hyphen inside a word", "foo-bar", "foo-bar"},
		{"escaped colon", `name:a\:b`, "name:a:b"},
		{"empty", "", "()"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := parseLucene(tt.q)
			if err != nil {
				t.Fatalf("parseLucene(%q): %v", tt.q, err)
			}
			if got := n.String(); got != tt.want {
				t.Errorf("parseLucene(%q) = %s, want %s", tt.q, got, tt.want)
			}
		})
	}
}

func TestParseDismax(t *testing.T) {
	tests := []struct {
		name, q, want string
	}{
		{"one word", "water", "water"},
		{"two words both required", "a b", "(a b)~2"},
		{"three words all but one", "a b c", "(a b c)~2"},
		{"five words all but one", "a b c d e", "(a b c d e)~4"},
		{"six words 80 percent", "a b c d e f", "(a b c d e f)~4"},
		{"ten words 80 percent", "a b c d e f g h i j", "(a b c d e f g h i j)~8"},
		{"required and excluded", "+a -b c", "(+a -b c)~1"},
		{"explicit OR drops mm", "a OR b", "(a b)"},
		{"odd quote dropped", `"unclosed phrase`, "(unclosed phrase)~2"},
		{"phrase", `"open data" thai`, `("open data" thai)~2`},
		{"parentheses are separators", "(a b", "(a b)~2"},
		{"star is literal", "*", "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := parseDismax(tt.q)
			if err != nil {
				t.Fatalf("parseDismax(%q): %v", tt.q, err)
			}
			if got := n.String(); got != tt.want {
				t.Errorf("parseDismax(%q) = %s, want %s", tt.q, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, q, want string
	}{
		{"unclosed parenthesis", "(a OR b", "the '(' at column 1 is not closed"},
		{"stray close", "a)", "unexpected ')' at column 2"},
		{"unclosed quote", `title:"abc`, "the phrase starting at column 7 has no closing quote"},
		{"unclosed range", "x:[1 TO 2", "the range starting at column 3 is not closed"},
		{"range without TO", "x:[1 2]", "must read [a TO b]"},
		{"range with three ends", "x:[1 TO 2 TO 3]", "must read [a TO b]"},
		{"range without field", "[1 TO 2]", "needs a field"},
		{"dangling AND", "a AND", "ends where a term was expected"},
		{"leading OR", "OR a", "OR at column 1 has nothing on its left"},
		{"empty parentheses", "()", "empty parentheses"},
		{"empty field group", "tags:()", "empty parentheses"},
		{"field with no value", "tags:", "ends where a term was expected"},
		{"colon without field", ":a", "unexpected ':' at column 1"},
		{"double field", "a:b:c", "unexpected field"},
		{"trailing backslash", `a\`, "escapes nothing"},
		{"boost without number", "a^", "needs a number"},
		{"nested too deep", strings.Repeat("(", 100) + "a" + strings.Repeat(")", 100), "nested deeper"},
		{"invalid UTF-8", "a\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := parseLucene(tt.q)
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("parseLucene(%q) = %v, %v; want a *QueryError", tt.q, n, err)
			}
			if !strings.Contains(qe.Message, tt.want) {
				t.Errorf("parseLucene(%q) error %q, want it to contain %q", tt.q, qe.Message, tt.want)
			}
		})
	}
}
