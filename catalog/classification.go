package catalog

// Classification is a dataset's confidentiality level under the Thai
// government data governance framework.
type Classification string

// The five levels, from open to never exchanged.
const (
	Public       Classification = "public"       // เปิดเผย
	Internal     Classification = "internal"     // ใช้ภายใน
	Confidential Classification = "confidential" // ลับ
	Secret       Classification = "secret"       // ลับมาก
	TopSecret    Classification = "top_secret"   // ลับที่สุด
)

// Classifications lists every level in rising order.
var Classifications = []Classification{Public, Internal, Confidential, Secret, TopSecret}

// Rank orders the levels: 0 for public up to 4 for top secret, -1 for an
// unknown value.
func (c Classification) Rank() int {
	for i, v := range Classifications {
		if v == c {
			return i
		}
	}
	return -1
}

// Valid reports whether c is one of the five levels.
func (c Classification) Valid() bool { return c.Rank() >= 0 }

// ThaiName returns the level's Thai name.
func (c Classification) ThaiName() string {
	switch c {
	case Public:
		return "เปิดเผย"
	case Internal:
		return "ใช้ภายใน"
	case Confidential:
		return "ลับ"
	case Secret:
		return "ลับมาก"
	case TopSecret:
		return "ลับที่สุด"
	}
	return ""
}
