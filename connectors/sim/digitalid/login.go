package digitalid

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// maxFormBytes bounds the login form and the token request.
const maxFormBytes = 16 << 10

// handleLogin answers the login page: a demo citizen picked, a citizen id
// typed with the demo password, or a cancel. On success it redirects to
// the client with a new code (RFC 6749 §4.1.2).
func (p *Provider) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, msgBadForm)
		return
	}
	h := r.PostForm.Get("req")
	req, ok := p.state.request(h, p.cfg.Now())
	if !ok {
		p.errorPage(w, r, http.StatusBadRequest, msgLoginExpired)
		return
	}
	if r.PostForm.Has("cancel") {
		p.state.dropRequest(h)
		p.redirectError(w, r, req.redirectURI, req.state, &oauthError{Code: "access_denied",
			Description: "the citizen cancelled the sign-in"})
		return
	}
	citizen, msg := p.authenticate(r.PostForm, p.cfg.Now())
	if msg != "" {
		p.log.Info("digitalid: sign-in refused", "client", req.client.ID, "reason", msg)
		if !p.state.failAttempt(h) {
			p.errorPage(w, r, http.StatusForbidden, msgTooManyAttempts)
			return
		}
		status := http.StatusUnauthorized
		if msg == msgLocked {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(int(lockoutFor.Seconds())))
		}
		p.loginPage(w, r, status, loginView{Request: h, Client: req.client.ID, Error: msg})
		return
	}
	p.state.dropRequest(h)
	p.issueCode(w, r, req, citizen)
}

// authenticate returns the citizen the form signs in, or the message key
// of why not. A typed citizen id is locked after too many wrong passwords.
func (p *Provider) authenticate(form url.Values, now time.Time) (Citizen, string) {
	if picked := form.Get("citizen"); picked != "" {
		i := slices.IndexFunc(p.cfg.Citizens, func(c Citizen) bool { return c.ID == picked })
		if i < 0 {
			return Citizen{}, msgUnknownCitizen
		}
		return p.cfg.Citizens[i], ""
	}
	id, err := catalog.NormalizeKey(catalog.KeyCitizenID, form.Get("cid"))
	if err != nil {
		return Citizen{}, msgBadCitizenID
	}
	if p.lockouts.locked(id, now) {
		return Citizen{}, msgLocked
	}
	if subtle.ConstantTimeCompare([]byte(form.Get("password")), []byte(p.cfg.Password)) != 1 {
		if p.lockouts.fail(id, now) {
			return Citizen{}, msgLocked
		}
		return Citizen{}, msgBadPassword
	}
	p.lockouts.forget(id)
	if i := slices.IndexFunc(p.cfg.Citizens, func(c Citizen) bool { return c.ID == id }); i >= 0 {
		c := p.cfg.Citizens[i]
		c.AAL, c.AMR = typedAAL, typedAMR
		return c, ""
	}
	return Citizen{ID: id, IAL: typedIAL, AAL: typedAAL, AMR: typedAMR}, ""
}

// issueCode stores a code for the signed-in citizen and sends it to the
// client with the state and the issuer (RFC 9207).
func (p *Provider) issueCode(w http.ResponseWriter, r *http.Request, req *authRequest, c Citizen) {
	now := p.cfg.Now()
	code, ok := p.state.putCode(&grant{clientID: req.client.ID, redirectURI: req.redirectURI, scope: req.scope,
		nonce: req.nonce, challenge: req.challenge, citizen: c, authTime: now, expires: now.Add(p.cfg.CodeTTL)}, now)
	if !ok {
		p.redirectError(w, r, req.redirectURI, req.state, &oauthError{Code: "temporarily_unavailable",
			Description: "too many sign-ins in progress; try again shortly"})
		return
	}
	v := url.Values{"code": {code}, "iss": {p.cfg.Issuer}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	http.Redirect(w, r, withQuery(req.redirectURI, v), http.StatusSeeOther)
}
