package stats

import (
	"context"
	"time"

	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// The published statistics are three tabular resources.
var (
	VolumeSchema = tabular.Schema{
		{Name: "month", Type: tabular.String, Description: "month (UTC), YYYY-MM"},
		{Name: "consumer_agency", Type: tabular.String, Description: "the agency that asked; empty when authentication failed before it was known"},
		{Name: "owner_agency", Type: tabular.String, Description: "the agency that owns the dataset"},
		{Name: "dataset", Type: tabular.String},
		{Name: "outcome", Type: tabular.String, Description: "allow, deny, error or unauthenticated"},
		{Name: "requests", Type: tabular.Int, Description: "requests (a batch counts once)"},
		{Name: "records", Type: tabular.Int, Description: "records asked for (a batch counts each key)"},
	}
	ReasonSchema = tabular.Schema{
		{Name: "month", Type: tabular.String},
		{Name: "outcome", Type: tabular.String},
		{Name: "reason", Type: tabular.String, Description: "a policy reason code (code or code:field) or the failed authentication check"},
		{Name: "count", Type: tabular.Int},
	}
	LatencySchema = tabular.Schema{
		{Name: "month", Type: tabular.String},
		{Name: "dataset", Type: tabular.String},
		{Name: "requests", Type: tabular.Int, Description: "answered requests measured"},
		{Name: "p50_ms", Type: tabular.Float, Description: "median latency in milliseconds (upper bound of its 25 % bucket)"},
		{Name: "p90_ms", Type: tabular.Float},
		{Name: "p99_ms", Type: tabular.Float},
	}
)

// Volumes is the monthly volumes as a tabular resource.
func Volumes(r Reader) tabular.Source { return source{VolumeSchema, volumeRows(r)} }

// Reasons is the decisions by outcome and reason as a tabular resource.
func Reasons(r Reader) tabular.Source { return source{ReasonSchema, reasonRows(r)} }

// Latencies is the monthly latency percentiles per dataset.
func Latencies(r Reader) tabular.Source { return source{LatencySchema, latencyRows(r)} }

type source struct {
	schema tabular.Schema
	each   func(ctx context.Context, fn func([]any) error) error
}

func (s source) Schema() tabular.Schema { return s.schema }
func (s source) Each(ctx context.Context, fn func([]any) error) error {
	return s.each(ctx, fn)
}

// The names of the published statistics tables (in download paths and
// resource ids).
const (
	TableVolumes = "volumes"
	TableReasons = "reasons"
	TableLatency = "latency"
)

// TableNames lists the published tables in the order pages show them.
var TableNames = []string{TableVolumes, TableReasons, TableLatency}

// Published is what a published statistics table reads: the rows, when
// they were last refreshed, and how many there are.
type Published interface {
	Reader
	Refreshed(ctx context.Context) (time.Time, error)
	Rows(ctx context.Context, table string) (int64, error)
}

// Table is one published statistics table: a tabular source with a
// version, for downloads and exports.
type Table struct {
	tabular.Source
	name string
	p    Published
}

// PublishedTable returns the named table (one of TableNames), or false.
func PublishedTable(p Published, name string) (Table, bool) {
	var src tabular.Source
	switch name {
	case TableVolumes:
		src = Volumes(p)
	case TableReasons:
		src = Reasons(p)
	case TableLatency:
		src = Latencies(p)
	default:
		return Table{}, false
	}
	return Table{Source: src, name: name, p: p}, true
}

// Version is the table's last refresh and row count.
func (t Table) Version(ctx context.Context) (tabular.Version, error) {
	at, err := t.p.Refreshed(ctx)
	if err != nil {
		return tabular.Version{}, err
	}
	n, err := t.p.Rows(ctx, t.name)
	return tabular.Version{Modified: at, Rows: n}, err
}
