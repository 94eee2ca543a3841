package audit

import (
	"context"
	"crypto/ed25519"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
)

// verifyPage is how many links or checkpoints Verify holds at once.
const verifyPage = 1000

// Report is the outcome of Verify.
type Report struct {
	Writers     int   // chains walked
	Events      int64 // links verified
	Checkpoints int64 // checkpoints verified
	Breaks      []Break
}

// OK reports whether every chain and checkpoint verified.
func (r Report) OK() bool { return len(r.Breaks) == 0 }

// Break is the first broken link of one writer's chain.
type Break struct {
	Writer  string
	Seq     int64
	Problem string
}

// String describes the break in one line.
func (b Break) String() string {
	return fmt.Sprintf("chain %s broken at seq %d: %s", b.Writer, b.Seq, b.Problem)
}

// Verify walks every writer's chain in store, page by page so that memory
// stays bounded whatever the chain's length: it recomputes every link's
// hash in the encoding version the link names (refusing a version it does
// not know, see CheckEncoding), so chains begun by an older release
// verify; checks that Seq rises by one from 1 and that each link names the
// previous link's hash, that the chain ends at the stored head, and that
// every checkpoint carries a valid signature by keys[writer] and matches
// the link at its Seq. Report.Breaks holds the first broken link of each
// broken chain, by writer; later links of a broken chain are not judged.
// progress, if not nil, is called after every page with the number of
// links verified so far. The error is for a store that cannot be read.
func Verify(ctx context.Context, store ChainReader, keys map[string]ed25519.PublicKey, progress func(done int)) (Report, error) {
	writers, err := store.Writers(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("audit: verify: list writers: %w", err)
	}
	r := Report{Writers: len(writers)}
	for _, w := range writers {
		c := &chainCheck{ctx: ctx, store: store, writer: w, key: keys[w], prevHash: GenesisHash}
		c.progress = func(n int64) {
			if progress != nil {
				progress(int(r.Events + n))
			}
		}
		b, err := c.run()
		r.Events += c.prevSeq
		r.Checkpoints += c.checkpoints
		if err != nil {
			return r, fmt.Errorf("audit: verify chain %s: %w", w, err)
		}
		if b != nil {
			r.Breaks = append(r.Breaks, *b)
		}
	}
	return r, nil
}

// chainCheck walks one writer's chain.
type chainCheck struct {
	ctx      context.Context
	store    ChainReader
	writer   string
	key      ed25519.PublicKey
	progress func(done int64)

	prevSeq  int64  // the last link verified
	prevHash string // its hash

	cps         []Checkpoint // the page of checkpoints not yet matched
	cpsDone     bool         // no checkpoints after cps
	lastGood    int64        // Seq of the last checkpoint that matched
	checkpoints int64
}

// run verifies the chain and returns its first break, if any.
func (c *chainCheck) run() (*Break, error) {
	for {
		page, err := c.store.ScanChain(c.ctx, c.writer, c.prevSeq, verifyPage)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			more, b, err := c.finish()
			if err != nil || b != nil || !more {
				return b, err
			}
			continue
		}
		for _, e := range page {
			if b := c.link(e); b != nil {
				return b, nil
			}
			if b, err := c.checkpointsAt(e); err != nil || b != nil {
				return b, err
			}
		}
		c.progress(c.prevSeq)
	}
}

// link checks that e follows the last verified link and that its hash
// matches its contents, then makes it the last verified link.
func (c *chainCheck) link(e Event) *Break {
	want := c.prevSeq + 1
	encoding := e.CheckEncoding()
	switch {
	case e.Seq > want:
		return c.brk(want, "link missing (the next stored link is seq %d): links were deleted", e.Seq)
	case e.Seq < want || e.Writer != c.writer:
		return c.brk(e.Seq, "link out of order or in the wrong chain (writer %q)", e.Writer)
	case e.PrevHash != c.prevHash:
		return c.brk(e.Seq, "prev_hash %.12s… is not the hash %.12s… of link %d: links were reordered, replaced or deleted",
			e.PrevHash, c.prevHash, c.prevSeq)
	case encoding != nil:
		return c.brk(e.Seq, "%s: the event was altered", catalog.ErrorMessage(encoding))
	case ChainHash(e.PrevHash, e) != e.Hash:
		return c.brk(e.Seq, "stored hash %.12s… does not match the event's contents: the event was altered", e.Hash)
	}
	c.prevSeq, c.prevHash = e.Seq, e.Hash
	return nil
}

// checkpointsAt checks the checkpoints up to e's Seq against e.
func (c *chainCheck) checkpointsAt(e Event) (*Break, error) {
	for {
		cp, err := c.nextCheckpoint()
		if err != nil || cp == nil || cp.Seq > e.Seq {
			return nil, err
		}
		c.cps = c.cps[1:]
		if b := c.checkpoint(*cp, e); b != nil {
			return b, nil
		}
	}
}

// checkpoint checks one checkpoint against the link at its Seq.
func (c *chainCheck) checkpoint(cp Checkpoint, e Event) *Break {
	switch {
	case c.key == nil:
		return c.brk(cp.Seq, "no public key for writer %s to verify its checkpoint", c.writer)
	case cp.Writer != c.writer || cp.Seq != e.Seq || !cp.VerifySignature(c.key):
		return c.brk(cp.Seq, "checkpoint signature is not writer %s's: the checkpoint is forged", c.writer)
	case cp.Hash != e.Hash:
		return c.brk(cp.Seq, "signed checkpoint holds hash %.12s… but the chain has %.12s…: the chain was rewritten after seq %d",
			cp.Hash, e.Hash, c.lastGood)
	}
	c.lastGood = cp.Seq
	c.checkpoints++
	return nil
}

// nextCheckpoint returns the first checkpoint not yet matched, reading the
// next page when needed, or nil when there is none.
func (c *chainCheck) nextCheckpoint() (*Checkpoint, error) {
	if len(c.cps) == 0 && !c.cpsDone {
		after := c.lastGood
		if c.checkpoints == 0 {
			after = -1 << 62 // a checkpoint at Seq ≤ 0 is read, and found broken
		}
		page, err := c.store.ListCheckpoints(c.ctx, c.writer, after, verifyPage)
		if err != nil {
			return nil, err
		}
		c.cps, c.cpsDone = page, len(page) < verifyPage
	}
	if len(c.cps) == 0 {
		return nil, nil
	}
	return &c.cps[0], nil
}

// finish checks the end of the chain against the stored head and the
// checkpoints. more reports that links appeared meanwhile (a live writer),
// so the walk goes on.
func (c *chainCheck) finish() (more bool, b *Break, err error) {
	head, err := c.store.LastLink(c.ctx, c.writer)
	if err != nil {
		return false, nil, err
	}
	cp, err := c.nextCheckpoint()
	if err != nil {
		return false, nil, err
	}
	if head.Seq <= c.prevSeq && cp == nil {
		return false, c.head(head), nil
	}
	if next, err := c.store.ScanChain(c.ctx, c.writer, c.prevSeq, 1); err != nil || len(next) > 0 {
		return len(next) > 0, nil, err
	}
	if head.Seq > c.prevSeq {
		return false, c.brk(c.prevSeq+1, "link missing: the chain ends at seq %d but its head is seq %d: links were deleted",
			c.prevSeq, head.Seq), nil
	}
	return false, c.brk(cp.Seq, "checkpoint is beyond the chain's end at seq %d: links were deleted", c.prevSeq), nil
}

// head checks a head that is not ahead of the last verified link.
func (c *chainCheck) head(head Link) *Break {
	switch {
	case head.Seq < c.prevSeq:
		return c.brk(head.Seq+1, "links after the head at seq %d: the head was moved back or links were added", head.Seq)
	case head.Hash != c.prevHash:
		return c.brk(head.Seq, "head hash %.12s… differs from the last link's %.12s…", head.Hash, c.prevHash)
	}
	return nil
}

func (c *chainCheck) brk(seq int64, format string, args ...any) *Break {
	return &Break{Writer: c.writer, Seq: seq, Problem: fmt.Sprintf(format, args...)}
}
