package policies

import (
	"encoding/binary"
	"time"
)

// cacheKey is the decision cache's key of the input: every member of
// Input, in a fixed order, written without reflection. Each string is
// prefixed by its length and each list by its count (-1 for nil, which
// JSON shows as null), so that no two inputs share a key; a time is its
// instant and its zone offset, which is all its RFC 3339 form shows the
// policy. TestCacheKeyTellsInputsApart holds it to that.
func cacheKey(in Input) string {
	var buf [1024]byte
	return string(appendCacheKey(buf[:0], in))
}

// appendCacheKey appends the key of in to b: Decide keeps it in a buffer
// on its stack, so that a decision served from the cache allocates no key.
func appendCacheKey(b []byte, in Input) []byte {
	b = keyStr(b, in.Agency.Code)
	b = keyStr(b, string(in.Agency.Status))
	b = keyStr(b, in.Officer.Sub)
	b = keyStr(b, in.Purpose.Code)
	b = keyStr(b, string(in.Purpose.Basis))
	b = keyStr(b, string(in.Purpose.SensitiveBasis))
	b = keyStr(b, string(in.IAL))
	b = keyStr(b, string(in.AAL))
	b = keyDataset(b, in.Dataset)
	b = keyStrs(b, in.RequestedFields)
	b = keyGrant(b, in.Grant)
	return keyTime(b, in.Time)
}

func keyInt(b []byte, n int) []byte { return binary.AppendVarint(b, int64(n)) }

func keyStr(b []byte, s string) []byte { return append(keyInt(b, len(s)), s...) }

func keyStrs(b []byte, l []string) []byte {
	if l == nil {
		return keyInt(b, -1)
	}
	b = keyInt(b, len(l))
	for _, s := range l {
		b = keyStr(b, s)
	}
	return b
}

func keyTime(b []byte, t time.Time) []byte {
	_, offset := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	return keyInt(keyInt(b, t.Nanosecond()), offset)
}

func keyDataset(b []byte, d InputDataset) []byte {
	b = keyStr(b, d.ID)
	b = keyStr(b, d.Owner)
	b = keyStr(b, string(d.Classification))
	b = keyStr(b, string(d.IAL))
	b = keyStr(b, string(d.AAL))
	if d.Fields == nil {
		return keyInt(b, -1)
	}
	b = keyInt(b, len(d.Fields))
	for _, f := range d.Fields {
		b = append(keyStr(b, f.Name), flag(f.Personal)|flag(f.Sensitive)<<1|flag(f.Identifier)<<2)
	}
	return b
}

func keyGrant(b []byte, g *InputGrant) []byte {
	if g == nil {
		return append(b, 0)
	}
	b = keyStr(append(b, 1), g.ID)
	b = keyStrs(b, g.Purposes)
	b = keyStrs(b, g.Fields)
	b = keyStrs(b, g.Unmasked)
	b = keyTime(b, g.ValidFrom)
	b = keyTime(b, g.ValidTo)
	return keyStr(b, string(g.Status))
}

func flag(b bool) byte {
	if b {
		return 1
	}
	return 0
}
