package catalog

// IAL is an identity assurance level of the Thai Digital ID standard.
type IAL string

// AAL is an authenticator assurance level of the Thai Digital ID standard.
type AAL string

// IALs lists the identity assurance levels in rising order.
var IALs = []IAL{"1", "2.1", "2.2", "2.3", "3"}

// AALs lists the authenticator assurance levels in rising order.
var AALs = []AAL{"1", "2", "3"}

// Rank orders identity levels from 0 ("1") up; -1 means not a level.
func (l IAL) Rank() int {
	for i, v := range IALs {
		if v == l {
			return i
		}
	}
	return -1
}

// Valid reports whether l is a defined level.
func (l IAL) Valid() bool { return l.Rank() >= 0 }

// Meets reports whether l is at least the required level.
func (l IAL) Meets(required IAL) bool { return l.Valid() && l.Rank() >= required.Rank() }

// Rank orders authenticator levels from 0 ("1") up; -1 means not a level.
func (l AAL) Rank() int {
	for i, v := range AALs {
		if v == l {
			return i
		}
	}
	return -1
}

// Valid reports whether l is a defined level.
func (l AAL) Valid() bool { return l.Rank() >= 0 }

// Meets reports whether l is at least the required level.
func (l AAL) Meets(required AAL) bool { return l.Valid() && l.Rank() >= required.Rank() }
