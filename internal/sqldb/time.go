package sqldb

import "time"

// Micros converts t to the stored form of a time: unix microseconds.
func Micros(t time.Time) int64 { return t.UnixMicro() }

// FromMicros converts a stored time back, in UTC.
func FromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// NullMicros converts an optional time to a nullable stored time.
func NullMicros(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	us := Micros(*t)
	return &us
}

// FromNullMicros converts a nullable stored time back; NULL gives nil.
func FromNullMicros(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := FromMicros(*us)
	return &t
}
