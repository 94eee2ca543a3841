package citizen

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/gdx-exchange/gdx/catalog"
)

// identity is what a verified ID token says about the citizen.
type identity struct {
	citizenID string // normalised; kept only until it is hashed
	name      string
	ial       catalog.IAL
	aal       catalog.AAL
}

// verifySignIn exchanges the code with the pending sign-in's verifier and
// verifies the ID token: signature by the provider's keys with a pinned
// algorithm, issuer, audience, expiry (go-oidc), then the nonce, at_hash
// and the citizen's claims (here). Error causes never hold the citizen id.
func (s *Server) verifySignIn(c *gin.Context, pending Session, code string) (identity, error) {
	ctx := c.Request.Context()
	p, err := s.provider(ctx)
	if err != nil {
		return identity{}, err
	}
	if code == "" {
		return identity{}, refuse(catalog.KindInvalid, reasonProviderRefuse, "Digital ID sent no code")
	}
	octx := oidc.ClientContext(ctx, s.deps.HTTPClient)
	tok, err := p.oauth.Exchange(octx, code, oauth2.VerifierOption(pending.Verifier))
	if err != nil {
		s.log.Info("citizen: code exchange failed", "err", err)
		return identity{}, refuse(catalog.KindUpstream, reasonExchange, "Digital ID did not accept the sign-in")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.verifier.Verify(octx, raw)
	if err != nil {
		s.log.Info("citizen: ID token refused", "err", err)
		return identity{}, refuse(catalog.KindUnauthenticated, reasonIDToken, "the sign-in could not be verified")
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pending.Nonce)) != 1 {
		s.log.Info("citizen: ID token refused", "err", "nonce mismatch")
		return identity{}, refuse(catalog.KindUnauthenticated, reasonIDToken, "the sign-in could not be verified")
	}
	if err := s.checkAuthorizedParty(idt); err != nil {
		return identity{}, err
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			s.log.Info("citizen: ID token refused", "err", err)
			return identity{}, refuse(catalog.KindUnauthenticated, reasonIDToken, "the sign-in could not be verified")
		}
	}
	return s.identityOf(idt)
}

// checkAuthorizedParty refuses a token meant for several audiences unless
// it names gdx as its authorized party (OIDC Core §3.1.3.7, steps 4-5).
func (s *Server) checkAuthorizedParty(idt *oidc.IDToken) error {
	if len(idt.Audience) == 1 {
		return nil
	}
	var c struct {
		AZP string `json:"azp"`
	}
	if err := idt.Claims(&c); err != nil || c.AZP != s.cfg.ClientID {
		s.log.Info("citizen: ID token refused", "err", "several audiences and gdx is not the authorized party")
		return refuse(catalog.KindUnauthenticated, reasonIDToken, "the sign-in could not be verified")
	}
	return nil
}

// identityOf reads the citizen id and the assurance levels from the
// verified token and checks them.
func (s *Server) identityOf(idt *oidc.IDToken) (identity, error) {
	var claims map[string]json.RawMessage
	if err := idt.Claims(&claims); err != nil {
		return identity{}, fmt.Errorf("citizen: decode ID token claims: %w", err)
	}
	str := func(name string) string {
		var v string
		_ = json.Unmarshal(claims[name], &v)
		return v
	}
	id, err := catalog.NormalizeKey(catalog.KeyCitizenID, str(s.cfg.CitizenIDClaim))
	if err != nil {
		s.log.Info("citizen: ID token refused", "err", "no valid citizen id claim", "claim", s.cfg.CitizenIDClaim)
		return identity{}, refuse(catalog.KindUnauthenticated, reasonIDToken, "the sign-in carries no valid citizen id")
	}
	who := identity{citizenID: id, name: str("name"), ial: catalog.IAL(str("ial")), aal: catalog.AAL(str("aal"))}
	if !who.ial.Meets(s.cfg.MinIAL) || !who.aal.Meets(s.cfg.MinAAL) {
		s.log.Info("citizen: assurance too low", "ial", string(who.ial), "aal", string(who.aal))
		return identity{}, refuse(catalog.KindForbidden, reasonAssurance, "the sign-in's assurance is too low")
	}
	return who, nil
}

// startSession makes a new session for the citizen (never reusing the
// sign-in's, against fixation), keeping only the citizen id's keyed hash.
func (s *Server) startSession(c *gin.Context, who identity) error {
	sess := Session{Expires: s.now().Add(s.cfg.SessionTTL),
		KeyHash: s.deps.Hasher.HashKey(string(catalog.KeyCitizenID), who.citizenID),
		Masked:  mask(who.citizenID), Name: who.name, IAL: string(who.ial), AAL: string(who.aal), CSRF: randomToken()}
	cookie := randomToken()
	if err := s.sessions.PutSession(c.Request.Context(), storeKey(cookie), sess); err != nil {
		return err
	}
	s.setCookie(c.Writer, cookieSession, cookie, s.cfg.SessionTTL)
	s.log.Info("citizen: signed in", "ial", sess.IAL, "aal", sess.AAL)
	c.Redirect(http.StatusSeeOther, s.path("/lookups"))
	return nil
}
