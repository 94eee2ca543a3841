package authn_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

// FuzzVerify feeds arbitrary tokens to the verifier: it must never panic,
// never accept a token it did not see signed, and always fail with an
// unauthenticated error and a reason code.
func FuzzVerify(f *testing.F) {
	fx := newFixture(f)
	valid := fx.token(f, nil)
	for _, s := range []string{valid, "", "a.b.c", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.e30.",
		b64(`{"alg":"ES256","kid":"dla-1","alg":"x"}`) + ".e30.AA", b64(`{"alg":"ES256","kid":"dla-1","crit":["b64"]}`) + "." + b64(`{}`) + ".AA",
		b64(`[[[[[[[[[[[[]]]]]]]]]]]]`) + ".e30.AA", strings.Replace(valid, ".", "..", 1)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		if token == valid {
			return
		}
		_, err := fx.verifier.Verify(context.Background(), token, "DLA", fx.cert)
		if err == nil {
			t.Fatalf("accepted a token it never signed: %q", token)
		}
		if !catalog.IsKind(err, catalog.KindUnauthenticated) || catalog.ErrorReason(err) == "" {
			t.Fatalf("error without kind or reason: %v", err)
		}
	})
}
