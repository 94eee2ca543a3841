package datastore

import (
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/opendata/stats"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// The statistics' DataStore descriptions, one per stats table. Their
// _id is the row's position in key order: the tables are small and
// grow at the end (by month), so an _id holds within a month.

// VolumeTable is the monthly request volumes (stats_volume).
func VolumeTable() Table {
	return Table{
		From: `(SELECT ROW_NUMBER() OVER (ORDER BY month, consumer, owner, dataset, outcome) AS _id,
			month, consumer, owner, dataset, outcome, requests, records FROM stats_volume) AS v`,
		ID: "_id",
		Columns: columnsOf(stats.VolumeSchema, map[string]string{
			"consumer_agency": "consumer", "owner_agency": "owner"}),
	}
}

// ReasonTable is the decisions by outcome and reason (stats_reason).
func ReasonTable() Table {
	return Table{
		From: `(SELECT ROW_NUMBER() OVER (ORDER BY month, outcome, reason) AS _id,
			month, outcome, reason, count FROM stats_reason) AS r`,
		ID:      "_id",
		Columns: columnsOf(stats.ReasonSchema, nil),
	}
}

// LatencyTable is the monthly latency percentiles per dataset, computed
// in the query from the stored histograms (stats_latency) as
// stats.Percentile computes them: the upper bound of the bucket where the
// running count first reaches the rank.
func LatencyTable() Table {
	from := `(SELECT ROW_NUMBER() OVER (ORDER BY month, dataset) AS _id, month, dataset, requests,
			` + bucketMillis("p50") + ` AS p50_ms, ` + bucketMillis("p90") + ` AS p90_ms, ` + bucketMillis("p99") + ` AS p99_ms
		FROM (SELECT month, dataset, CAST(max(total) AS BIGINT) AS requests,
			min(CASE WHEN cum * 100 >= total * 50 THEN bucket END) AS p50,
			min(CASE WHEN cum * 100 >= total * 90 THEN bucket END) AS p90,
			min(CASE WHEN cum * 100 >= total * 99 THEN bucket END) AS p99
		FROM (SELECT month, dataset, bucket,
			sum(count) OVER (PARTITION BY month, dataset ORDER BY bucket) AS cum,
			sum(count) OVER (PARTITION BY month, dataset) AS total
			FROM stats_latency) AS h
		GROUP BY month, dataset) AS q) AS l`
	return Table{From: from, ID: "_id", Columns: columnsOf(stats.LatencySchema, nil)}
}

// bucketMillis maps a bucket number to its upper bound in milliseconds.
func bucketMillis(col string) string {
	var b strings.Builder
	b.WriteString("CAST((CASE " + col)
	for i := range stats.Buckets {
		ms := float64(stats.BucketUpper(i)) / 1000
		b.WriteString(" WHEN " + strconv.Itoa(i) + " THEN " + strconv.FormatFloat(ms, 'f', -1, 64))
	}
	b.WriteString(" ELSE 0 END) AS DOUBLE PRECISION)")
	return b.String()
}

// columnsOf turns a published schema into columns, reading each from
// the column of the same name or the one exprs names.
func columnsOf(s tabular.Schema, exprs map[string]string) []Column {
	out := make([]Column, len(s))
	for i, c := range s {
		expr := c.Name
		if e, ok := exprs[c.Name]; ok {
			expr = e
		}
		out[i] = Column{Name: c.Name, Expr: expr, Type: typeOf(c.Type), Notes: c.Description}
	}
	return out
}

func typeOf(t tabular.Type) Type {
	switch t {
	case tabular.Int:
		return Int
	case tabular.Float:
		return Float
	case tabular.Bool:
		return Bool
	case tabular.Date:
		return Date
	case tabular.Timestamp:
		return Timestamp
	}
	return Text
}
