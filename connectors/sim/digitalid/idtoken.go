package digitalid

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// idClaims are the claims of an ID token (OIDC Core §2, §3.1.3.6).
type idClaims struct {
	Issuer   string   `json:"iss"`
	Subject  string   `json:"sub"`
	Audience []string `json:"aud"`
	Expiry   int64    `json:"exp"`
	IssuedAt int64    `json:"iat"`
	AuthTime int64    `json:"auth_time"`
	Nonce    string   `json:"nonce,omitempty"`
	AMR      []string `json:"amr"`
	ATHash   string   `json:"at_hash"`
	userClaims
}

// userClaims are the citizen's claims, in the ID token and at userinfo.
type userClaims struct {
	CitizenID string `json:"pid"`
	IAL       string `json:"ial"`
	AAL       string `json:"aal"`
	Name      string `json:"name,omitempty"`    // Thai, with scope profile
	NameEN    string `json:"name_en,omitempty"` // with scope profile
}

func userClaimsOf(c Citizen, scope []string) userClaims {
	u := userClaims{CitizenID: c.ID, IAL: string(c.IAL), AAL: string(c.AAL)}
	if slices.Contains(scope, "profile") {
		u.Name, u.NameEN = c.NameTH, c.NameEN
	}
	return u
}

// pairwiseSub is the citizen's subject identifier for one client (OIDC
// Core §8.1): stable, and different per client, so clients cannot join
// their users by sub.
func (p *Provider) pairwiseSub(clientID, citizenID string) string {
	m := hmac.New(sha256.New, p.subKey)
	m.Write([]byte(clientID))
	m.Write([]byte{0})
	m.Write([]byte(citizenID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:20])
}

// issueTokens stores the access token tok for the redeemed code and
// signs the ID token.
func (p *Provider) issueTokens(code, tok string, g grant, now time.Time) (*tokenResponse, *oauthError) {
	sub := p.pairwiseSub(g.clientID, g.citizen.ID)
	at := &accessToken{clientID: g.clientID, sub: sub, citizen: g.citizen, scope: g.scope, expires: now.Add(p.cfg.TokenTTL)}
	if !p.state.putToken(code, tok, at, now) {
		return nil, &oauthError{Code: "invalid_grant", Description: "the code was already used; its tokens are revoked"}
	}
	claims := idClaims{Issuer: p.cfg.Issuer, Subject: sub, Audience: []string{g.clientID},
		Expiry: now.Add(p.cfg.TokenTTL).Unix(), IssuedAt: now.Unix(), AuthTime: g.authTime.Unix(),
		Nonce: g.nonce, AMR: g.citizen.AMR, ATHash: leftHalfHash(tok), userClaims: userClaimsOf(g.citizen, g.scope)}
	idToken, err := p.sign(claims)
	if err != nil {
		p.log.Error("digitalid: sign ID token", "err", err)
		return nil, &oauthError{Code: "server_error", Description: "the ID token could not be signed"}
	}
	return &tokenResponse{AccessToken: tok, TokenType: "Bearer", ExpiresIn: int(p.cfg.TokenTTL.Seconds()),
		IDToken: idToken, Scope: strings.Join(g.scope, " ")}, nil
}

// leftHalfHash is at_hash: the left half of SHA-256 of the access token,
// base64url (OIDC Core §3.1.3.6 for ES256).
func leftHalfHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// sign returns claims as a compact JWS signed ES256 with the provider's
// key, its kid in the header.
func (p *Provider) sign(claims any) (string, error) {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: p.key},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("signer: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("encode claims: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return jws.CompactSerialize()
}
