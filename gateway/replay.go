package gateway

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// DurableReplay is the shared, durable record of used request token ids;
// *gateway/sqlstore.Store is the implementation.
type DurableReplay interface {
	// Remember records the agency's jti until it expires and reports
	// whether it was new.
	Remember(ctx context.Context, agency, jti string, until time.Time) (fresh bool, err error)
}

// ReplayGuard is the request JWT verifier's replay store on one replica
// (authn.ReplayStore). It refuses at once, before any other work, a jti
// this replica has seen recently, and defers the durable record: a lookup
// claims its jti in the transaction of its audit event's batch (see
// Pipeline.Lookup), and a request that never reaches the pipeline is
// settled after its handler with one durable write of its own. Either way
// no record leaves before its jti is durably recorded as first used.
//
// The set keeps jtis for at least Window and at most twice as long, and
// at most Max of them: a replay seen by another replica, or older than
// that, is caught by the durable record instead, after its upstream call,
// with the same 401.
type ReplayGuard struct {
	Durable DurableReplay
	Window  time.Duration // 2 minutes when zero
	Max     int           // 1 << 20 when zero

	mu      sync.Mutex
	current map[replayKey]struct{}
	older   map[replayKey]struct{}
	rotated time.Time
}

// replayKey is the first 16 bytes of SHA-256 of the agency and the jti: a
// fixed-size key keeps the set small (a jti is up to a kilobyte), and two
// ids colliding in 128 bits is not a risk worth a byte of memory.
type replayKey [16]byte

func keyOf(agency, jti string) replayKey {
	h := sha256.New()
	h.Write([]byte(agency))
	h.Write([]byte{0})
	h.Write([]byte(jti))
	var sum [sha256.Size]byte
	var k replayKey
	copy(k[:], h.Sum(sum[:0]))
	return k
}

// Remember implements authn.ReplayStore on this replica alone: it reports
// whether the jti is new here and marks it seen. The durable record comes
// later (Settle, or the lookup's audit batch).
func (g *ReplayGuard) Remember(_ context.Context, agency, jti string, _ time.Time) (bool, error) {
	return g.remember(keyOf(agency, jti), time.Now()), nil
}

// remember reports whether k is new at now and marks it seen.
func (g *ReplayGuard) remember(k replayKey, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.rotate(now)
	if _, ok := g.current[k]; ok {
		return false
	}
	if _, ok := g.older[k]; ok {
		return false
	}
	g.current[k] = struct{}{}
	return true
}

// rotate drops the older generation once a window has passed, or when the
// set is full. The dropped generation's map is cleared and becomes the
// new current one: a map keeps its memory when cleared, so once the set
// has reached its size under a steady load, rotating allocates nothing.
// (A new map per rotation, a few MB at a busy replica, left the old one to
// the collector, whose goal of several times the live heap then showed as
// a step in resident memory every window.)
func (g *ReplayGuard) rotate(now time.Time) {
	window, limit := g.Window, g.Max
	if window <= 0 {
		window = 2 * time.Minute
	}
	if limit <= 0 {
		limit = 1 << 20
	}
	if g.current == nil {
		g.current, g.rotated = make(map[replayKey]struct{}), now
	}
	if now.Sub(g.rotated) >= window || len(g.current) >= limit/2 {
		if g.older == nil {
			g.older = make(map[replayKey]struct{}, len(g.current))
		}
		clear(g.older)
		g.older, g.current, g.rotated = g.current, g.older, now
	}
}

// Settle durably records the jti of a request that did not reach the
// lookup pipeline, and reports whether it was new.
func (g *ReplayGuard) Settle(ctx context.Context, agency, jti string, until time.Time) (bool, error) {
	return g.Durable.Remember(ctx, agency, jti, until)
}

// ctxSettled marks a request whose token's durable record is taken care
// of: settled, or handed to the lookup pipeline as a claim.
const ctxSettled = "gdx.jti.settled"

// claimFor hands the request token's durable record to the lookup
// pipeline, which records it with the lookup's audit event. It is called
// just before the pipeline runs: a handler that fails before has its
// token settled after it.
func (s *apiServer) claimFor(c *gin.Context, req *LookupRequest) {
	if s.deps.Replay == nil || c.GetBool(ctxSettled) {
		return
	}
	c.Set(ctxSettled, true)
	caller := req.Caller
	req.Claim = &audit.Claim{Agency: caller.Agency, JTI: caller.JTI, Until: caller.Expires.Add(authn.ClockSkew)}
}

// settleToken durably records the token of a request that does not reach
// the lookup pipeline; a token used already is refused as the verifier
// would, and audited as an authentication failure.
func (s *apiServer) settleToken(c *gin.Context) error {
	if s.deps.Replay == nil || c.GetBool(ctxSettled) {
		return nil
	}
	caller, err := callerOf(c)
	if err != nil {
		return nil // not authenticated: no token to record
	}
	c.Set(ctxSettled, true)
	fresh, err := s.deps.Replay.Settle(auditWaits.Context(time.Now()), caller.Agency, caller.JTI, caller.Expires.Add(authn.ClockSkew))
	if err != nil {
		return catalog.Errorf(catalog.KindUnavailable, "the replay store does not answer").Wrap(err)
	}
	if !fresh {
		err := replayed()
		s.auditAuthFailure(c, err)
		return err
	}
	return nil
}

// settleAfter settles, once its handler is done, the token of a request
// that neither reached the pipeline nor settled it itself (an answer with
// no record in it: an error before the pipeline).
func (s *apiServer) settleAfter(c *gin.Context) {
	c.Next()
	if err := s.settleToken(c); err != nil && !catalog.IsKind(err, catalog.KindUnauthenticated) {
		s.log.Warn("the request token could not be recorded as used", "request_id", httpapi.RequestID(c), "err", err)
	}
}
