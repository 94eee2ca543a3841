package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
)

// TestHashKeyReusesNothingVisible holds HashKey, whose HMACs and scratch
// are reused, to a fresh HMAC of the same input, also from many
// goroutines at once and after an input longer than the reused scratch.
func TestHashKeyReusesNothingVisible(t *testing.T) {
	secret := []byte(strings.Repeat("s", MinSecretBytes))
	h, err := NewHasher(secret)
	if err != nil {
		t.Fatal(err)
	}
	want := func(kind, key string) string {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(kind + "\x00" + key))
		return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	keys := []string{"1103700000011", "", strings.Repeat("9", 5000), "0105560000011", "ก"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				kind, key := "citizen_id", keys[(g+i)%len(keys)]
				if got := h.HashKey(kind, key); got != want(kind, key) {
					t.Errorf("HashKey(%q, %.20q) = %s, want %s", kind, key, got, want(kind, key))
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestChainHashMatchesItsDefinition holds ChainHash, which hashes from a
// reused buffer, to SHA-256(prev || Canonical(e)) for hex and non-hex
// previous hashes.
func TestChainHashMatchesItsDefinition(t *testing.T) {
	e := Event{Version: 2, Writer: "w", Seq: 3, ID: "id", Officer: strings.Repeat("o", 70<<10)}
	for _, prev := range []string{GenesisHash, strings.Repeat("ab", 32), "not hex", strings.Repeat("zz", 32), ""} {
		for range 3 {
			in := []byte(prev)
			if len(prev) == 64 && prev != strings.Repeat("zz", 32) {
				in = make([]byte, 32)
				for i := range in {
					in[i] = unhex(prev[2*i])<<4 | unhex(prev[2*i+1])
				}
			}
			sum := sha256.Sum256(append(in, Canonical(e)...))
			if got, want := ChainHash(prev, e), hexOf(sum[:]); got != want {
				t.Fatalf("ChainHash(%q) = %s, want %s", prev, got, want)
			}
			e.Officer = e.Officer[:len(e.Officer)/2]
		}
	}
}

func unhex(c byte) byte {
	if c >= 'a' {
		return c - 'a' + 10
	}
	return c - '0'
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&0xF])
	}
	return string(out)
}

// TestIsKeyHashDecodes holds isKeyHash's in-place decode to its
// definition: unpadded base64url of 32 bytes.
func TestIsKeyHashDecodes(t *testing.T) {
	h, err := NewHasher([]byte(strings.Repeat("s", MinSecretBytes)))
	if err != nil {
		t.Fatal(err)
	}
	good := h.HashKey("citizen_id", "1103700000011")
	for _, s := range []string{good, good[:42], good + "A", good[:42] + "=", good[:42] + "+", good[:42] + "/",
		good[:20] + "\n" + good[20:], good[:42] + "\n", "", "1103700000011", strings.Repeat("_", 43), strings.Repeat("A", 42) + "B"} {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if got, want := isKeyHash(s), err == nil && len(b) == 32; got != want {
			t.Errorf("isKeyHash(%q) = %v, want %v", s, got, want)
		}
	}
}
