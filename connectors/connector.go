package connectors

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/gdx-exchange/gdx/catalog"
)

// Record is one record in the catalog's field names, with JSON-like values.
type Record map[string]any

// Connector fetches records of a dataset from the agency that owns it.
type Connector interface {
	// Fetch returns the record of dataset with the given key. It never
	// outlives ctx. Errors are catalog errors of kind KindInvalid (the key
	// is malformed for the dataset; no upstream call is made), KindNotFound
	// (no such record), KindUpstream (the upstream failed, refused, or
	// answered something that is not a valid record), KindTimeout (no answer
	// in time), KindUnavailable (the circuit breaker is open, the request was
	// canceled, or no connector serves the dataset) and KindInternal (a
	// dataset wired to the wrong connector).
	Fetch(ctx context.Context, dataset catalog.Dataset, key string) (Record, error)
}

// Connector names, as catalog.Dataset.Connector holds them.
const (
	PersonConnector  = CivilRegistry + "/person"
	HouseConnector   = CivilRegistry + "/house"
	CompanyConnector = JuristicRegistry + "/company"
)

// resource is a connector: one kind of record at one upstream.
type resource struct {
	name     string
	upstream string
	owner    string // the agency that holds the records, by law
	path     string
	keyKind  catalog.KeyKind
	decode   func(a answer, key string) (Record, error)
}

// resources lists the connectors that gdx knows.
var resources = []resource{
	{PersonConnector, CivilRegistry, "DOPA", personPath, catalog.KeyCitizenID, decodePerson},
	{HouseConnector, CivilRegistry, "DOPA", housePath, catalog.KeyHouseID, decodeHouse},
	{CompanyConnector, JuristicRegistry, "DBD", juristicProfilePath, catalog.KeyJuristicID, decodeCompany},
}

// OwnerOf returns the agency whose records the named connector fetches.
// A dataset may name a connector only if its owner is that agency, so that
// no one can republish another agency's registry under a dataset of their
// own.
func OwnerOf(connector string) (string, bool) {
	for _, r := range resources {
		if r.name == connector {
			return r.owner, true
		}
	}
	return "", false
}

// Names returns the names of every connector gdx implements.
func Names() []string {
	names := make([]string, len(resources))
	for i, r := range resources {
		names[i] = r.name
	}
	return names
}

// Registry holds the configured connectors, by name. It is a Connector
// itself, dispatching on the dataset's Connector field. It is safe for
// concurrent use.
type Registry struct {
	upstreams  map[string]*upstream
	connectors map[string]Connector
}

// New builds the connectors whose upstreams cfg configures.
func New(cfg Config) (*Registry, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("connectors: %w", err)
	}
	r := &Registry{upstreams: map[string]*upstream{}, connectors: map[string]Connector{}}
	for name, u := range cfg.Upstreams {
		r.upstreams[name] = newUpstream(name, u)
	}
	for _, res := range resources {
		if up, ok := r.upstreams[res.upstream]; ok {
			r.connectors[res.name] = &httpConnector{resource: res, up: up}
		}
	}
	return r, nil
}

// Connector returns the connector with the given name, if configured.
func (r *Registry) Connector(name string) (Connector, bool) {
	c, ok := r.connectors[name]
	return c, ok
}

// Fetch implements Connector with the connector that dataset names.
func (r *Registry) Fetch(ctx context.Context, dataset catalog.Dataset, key string) (Record, error) {
	c, ok := r.connectors[dataset.Connector]
	if !ok {
		return nil, catalog.Errorf(catalog.KindUnavailable, "no connector serves dataset %s", dataset.ID).
			WithReason(ReasonNoConnector)
	}
	// NOTE: checked here as well as where datasets are written, so that a
	// dataset row changed behind the API cannot fetch another's records.
	if owner, _ := OwnerOf(dataset.Connector); owner != dataset.Owner {
		return nil, catalog.Errorf(catalog.KindForbidden, "dataset %s is owned by %s but its connector fetches %s's records",
			dataset.ID, dataset.Owner, owner).WithReason(ReasonOwnerMismatch)
	}
	return c.Fetch(ctx, dataset, key)
}

// Breakers returns the state of each upstream's circuit breaker, by
// upstream name, for metrics.
func (r *Registry) Breakers() map[string]BreakerState {
	out := make(map[string]BreakerState, len(r.upstreams))
	for name, u := range r.upstreams {
		out[name] = u.breaker.State()
	}
	return out
}

// Upstreams returns the configured upstream names, sorted.
func (r *Registry) Upstreams() []string { return slices.Sorted(maps.Keys(r.upstreams)) }

// Close releases the idle connections of every upstream.
func (r *Registry) Close() {
	for _, u := range r.upstreams {
		u.close()
	}
}

// httpConnector is a resource bound to its upstream client.
type httpConnector struct {
	resource
	up *upstream
}

// Fetch implements Connector.
func (c *httpConnector) Fetch(ctx context.Context, dataset catalog.Dataset, key string) (Record, error) {
	if dataset.KeyKind != c.keyKind {
		return nil, catalog.Errorf(catalog.KindInternal, "dataset %s (key %s) is wired to connector %s (key %s)",
			dataset.ID, dataset.KeyKind, c.name, c.keyKind)
	}
	// NOTE: the key is normalised again here, so that only a well-formed
	// key ever becomes part of an upstream URL, whoever calls.
	key, err := catalog.NormalizeKey(c.keyKind, key)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, errTransport(c.up.what, ctx, err)
	}
	return c.up.get(ctx, c.path+key, func(a answer) (Record, error) { return c.decode(a, key) })
}

// errNotFound is the not-found error of a record. It does not repeat the
// key: errors are logged, and keys are citizen ids.
func errNotFound(what, _ string) error {
	return catalog.Errorf(catalog.KindNotFound, "%s has no such record", what).WithReason(ReasonNotFound)
}

// errBadBody reports an answer that is not a valid record.
func errBadBody(what string, cause error) error {
	return catalog.Errorf(catalog.KindUpstream, "%s answered with a body that is not a valid record", what).
		WithReason(ReasonBadBody).Wrap(cause)
}

// errStatus reports an unexpected HTTP status from the upstream.
//
// NOTE: the body is not kept in the cause: owners' error texts may echo the
// record key, and causes are logged.
func errStatus(what string, status int, _ []byte) error {
	cause := fmt.Errorf("status %d", status)
	switch {
	case status == 401 || status == 403:
		return catalog.Errorf(catalog.KindUpstream, "%s refused the exchange's credentials (HTTP %d)", what, status).
			WithReason(ReasonRefused).Wrap(cause)
	case status >= 500:
		return catalog.Errorf(catalog.KindUpstream, "%s failed (HTTP %d)", what, status).
			WithReason(ReasonUpstreamError).Wrap(cause)
	}
	return catalog.Errorf(catalog.KindUpstream, "%s answered HTTP %d", what, status).
		WithReason(ReasonUpstreamError).Wrap(cause)
}

// errTransport classifies a failed round trip: the caller's context ending,
// a timeout, or a connection failure.
func errTransport(what string, ctx context.Context, err error) error {
	// NOTE: a *url.Error names the URL, whose path holds the record key;
	// causes are logged, so keep only what went wrong.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return catalog.Errorf(catalog.KindUnavailable, "the request was canceled while waiting for %s", what).
			WithReason(ReasonCanceled).Wrap(err)
	case ctx.Err() != nil || isTimeout(err):
		return catalog.Errorf(catalog.KindTimeout, "%s did not answer in time", what).
			WithReason(ReasonTimeout).Wrap(err)
	}
	return catalog.Errorf(catalog.KindUpstream, "%s could not be reached", what).
		WithReason(ReasonUnreachable).Wrap(err)
}

// errOpen reports a call refused by the open circuit breaker.
func errOpen(what string) error {
	return catalog.Errorf(catalog.KindUnavailable, "%s is failing; calls are paused for a moment", what).
		WithReason(ReasonCircuitOpen)
}

// isTimeout reports whether err is a deadline or a network timeout.
func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &t) && t.Timeout())
}
