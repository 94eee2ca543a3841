package httpapi

import (
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
)

// Reason codes of refused query strings, the same on every gdx API.
const (
	ReasonQueryUnknown   = "query_unknown"
	ReasonQueryRepeated  = "query_repeated"
	ReasonQueryMalformed = "query_malformed"
)

// OnlyQuery is a route's middleware that lets through only a query string
// naming the given parameters, each at most once: gin's Query reads the
// first of two values and ignores the rest, and ignores a parameter no
// handler reads, so a caller and the exchange could differ on what was
// asked (a misspelt audit filter would list every event). Errors:
// invalid, with one of the reasons above.
func OnlyQuery(log *slog.Logger, names ...string) gin.HandlerFunc {
	return Handler(log, func(c *gin.Context) error { return CheckQuery(c.Request.URL.RawQuery, names) })
}

// CheckQuery checks a raw query string against the parameters allowed, as
// OnlyQuery does.
func CheckQuery(raw string, allowed []string) error {
	if raw == "" {
		return nil
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return catalog.Errorf(catalog.KindInvalid, "the query string is not valid URL encoding (parameters are separated by &, never ;)").WithReason(ReasonQueryMalformed)
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		switch {
		case !slices.Contains(allowed, name):
			return catalog.Errorf(catalog.KindInvalid, "unknown query parameter %.64q; %s", name, takes(allowed)).WithReason(ReasonQueryUnknown)
		case len(values[name]) > 1:
			return catalog.Errorf(catalog.KindInvalid, "query parameter %q is given %d times; give it once", name, len(values[name])).WithReason(ReasonQueryRepeated)
		}
	}
	return nil
}

func takes(allowed []string) string {
	if len(allowed) == 0 {
		return "this endpoint takes no query parameters"
	}
	return fmt.Sprintf("this endpoint takes only %s", strings.Join(allowed, ", "))
}
