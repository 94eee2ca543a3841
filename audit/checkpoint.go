package audit

import (
	"crypto/ed25519"
	"fmt"
	"strconv"
	"time"
)

// Checkpoint is a writer's signed statement that its chain reached Seq with
// Hash at Time. Checkpoints pin the chain: someone who rewrites events and
// recomputes every later hash still cannot produce the writer's signature
// over the new hashes, so Verify finds the rewrite at the next checkpoint.
type Checkpoint struct {
	Writer    string
	Seq       int64
	Hash      string
	Time      time.Time // UTC, to the microsecond
	Signature []byte    // Ed25519 over Message
}

// checkpointDomain separates checkpoint signatures from any other use of a
// writer's key.
const checkpointDomain = "gdx-audit-checkpoint-v1"

// Message returns the bytes the signature covers: the lines
// "gdx-audit-checkpoint-v1", Writer, Seq in decimal, Hash and Time in unix
// microseconds, each ended by "\n".
func (c Checkpoint) Message() []byte {
	msg := checkpointDomain + "\n" + c.Writer + "\n" + strconv.FormatInt(c.Seq, 10) + "\n" +
		c.Hash + "\n" + strconv.FormatInt(c.Time.UnixMicro(), 10) + "\n"
	return []byte(msg)
}

// SignCheckpoint returns the checkpoint of head at t, signed with key.
func SignCheckpoint(key ed25519.PrivateKey, head Link, t time.Time) Checkpoint {
	c := Checkpoint{Writer: head.Writer, Seq: head.Seq, Hash: head.Hash, Time: time.UnixMicro(t.UnixMicro()).UTC()}
	c.Signature = ed25519.Sign(key, c.Message())
	return c
}

// VerifySignature reports whether c carries a valid signature by pub.
func (c Checkpoint) VerifySignature(pub ed25519.PublicKey) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, c.Message(), c.Signature)
}

// checkKey checks that key can sign checkpoints.
func checkKey(key ed25519.PrivateKey) error {
	if len(key) != ed25519.PrivateKeySize {
		return fmt.Errorf("audit: writer key has %d bytes, want an Ed25519 private key (%d)", len(key), ed25519.PrivateKeySize)
	}
	return nil
}
