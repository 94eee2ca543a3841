package authn

import (
	"encoding/json"
	"testing"
)

func TestAudienceHas(t *testing.T) {
	const ours = "urn:gdx:gateway"
	for _, tt := range []struct {
		raw  string
		want bool
	}{
		{`"urn:gdx:gateway"`, true},
		{`"urn:gdx:gatewa\u0079"`, true},
		{`"urn:gdx:gateway\\"`, false},
		{`"urn:gdx:gateway "`, false},
		{`"urn:gdx:gatew"`, false},
		{`""`, false},
		{`["elsewhere","urn:gdx:gateway"]`, true},
		{`["elsewhere"]`, false},
		{`[]`, false},
		{`null`, false},
		{`7`, false},
		{`{"aud":"urn:gdx:gateway"}`, false},
	} {
		if got := audienceHas(json.RawMessage(tt.raw), ours); got != tt.want {
			t.Errorf("audienceHas(%s) = %v, want %v", tt.raw, got, tt.want)
		}
	}
}
