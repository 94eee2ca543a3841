package sqldb

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestMapErrUnavailable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, ErrUnavailable},
		{"connection failure class 08", &pgconn.PgError{Code: "08006"}, ErrUnavailable},
		{"too many connections", &pgconn.PgError{Code: "53300"}, ErrUnavailable},
		{"connection cut mid-answer", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), ErrUnavailable},
		{"unique violation stays a conflict", &pgconn.PgError{Code: "23505"}, ErrConflict},
		{"a syntax error is not unavailability", &pgconn.PgError{Code: "42601"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mapErr(tt.err)
			if tt.want == nil {
				if errors.Is(got, ErrUnavailable) || errors.Is(got, ErrConflict) {
					t.Fatalf("mapErr(%v) = %v, want it unmapped", tt.err, got)
				}
				return
			}
			if !errors.Is(got, tt.want) {
				t.Fatalf("mapErr(%v) = %v, want %v", tt.err, got, tt.want)
			}
			var u interface{ Unavailable() bool }
			if tt.want == ErrUnavailable && (!errors.As(got, &u) || !u.Unavailable()) {
				t.Fatal("an unavailable error must answer Unavailable() true")
			}
		})
	}
}
