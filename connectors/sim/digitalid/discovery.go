package digitalid

import (
	"encoding/json"
	"net/http"

	"github.com/go-jose/go-jose/v4"
)

// discovery is the provider metadata (OIDC Discovery 1.0 §3, RFC 8414,
// RFC 9207).
type discovery struct {
	Issuer                        string   `json:"issuer"`
	AuthorizationEndpoint         string   `json:"authorization_endpoint"`
	TokenEndpoint                 string   `json:"token_endpoint"`
	UserinfoEndpoint              string   `json:"userinfo_endpoint"`
	JWKSURI                       string   `json:"jwks_uri"`
	ScopesSupported               []string `json:"scopes_supported"`
	ResponseTypesSupported        []string `json:"response_types_supported"`
	ResponseModesSupported        []string `json:"response_modes_supported"`
	GrantTypesSupported           []string `json:"grant_types_supported"`
	SubjectTypesSupported         []string `json:"subject_types_supported"`
	IDTokenSigningAlgs            []string `json:"id_token_signing_alg_values_supported"`
	TokenEndpointAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
	CodeChallengeMethodsSupported []string `json:"code_challenge_methods_supported"`
	ClaimsSupported               []string `json:"claims_supported"`
	UILocalesSupported            []string `json:"ui_locales_supported"`
	AuthorizationResponseIss      bool     `json:"authorization_response_iss_parameter_supported"`
}

// Claims of the ID token and userinfo beyond OIDC's registered ones.
const (
	claimIAL = "ial"
	claimAAL = "aal"
)

func (p *Provider) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, discovery{
		Issuer:                        p.cfg.Issuer,
		AuthorizationEndpoint:         p.Endpoint("/authorize"),
		TokenEndpoint:                 p.Endpoint("/token"),
		UserinfoEndpoint:              p.Endpoint("/userinfo"),
		JWKSURI:                       p.Endpoint("/jwks"),
		ScopesSupported:               []string{"openid", "profile"},
		ResponseTypesSupported:        []string{"code"},
		ResponseModesSupported:        []string{"query"},
		GrantTypesSupported:           []string{"authorization_code"},
		SubjectTypesSupported:         []string{"pairwise"},
		IDTokenSigningAlgs:            []string{string(jose.ES256)},
		TokenEndpointAuthMethods:      []string{AuthBasic, AuthPost},
		CodeChallengeMethodsSupported: []string{"S256"},
		ClaimsSupported: []string{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "at_hash",
			ClaimCitizenID, claimIAL, claimAAL, "name", "name_en"},
		UILocalesSupported:       []string{"th", "en"},
		AuthorizationResponseIss: true,
	})
}

func (p *Provider) handleJWKS(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{p.key.Public()}})
}

// writeJSON writes v as the JSON body of an answer that must not be
// cached (RFC 6749 §5.1 asks it of the token endpoint; it costs the rest
// nothing).
func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
