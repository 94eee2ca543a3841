package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/gdx-exchange/gdx/connectors/sim/digitalid"
	"github.com/gdx-exchange/gdx/gateway"
	"github.com/gdx-exchange/gdx/gateway/citizen"
)

// citizenConfig is how the citizen view signs people in: an OpenID
// Connect provider (Digital ID) and gdx's client credentials there. With
// no issuer and no simulator the view is not served.
type citizenConfig struct {
	issuer, clientID, clientSecret string
	// simulate runs the simulated Digital ID provider on loopback (the
	// demo), registering gdx as its client.
	simulate *simulatedIdP
}

// simulatedIdP is the demo's Digital ID provider: its address, and the
// file of its demo citizens and the password that signs in any typed
// citizen id (created on first use, 0600).
type simulatedIdP struct {
	addr      string
	loginFile string
}

// demoCitizens is DIR/citizens.json: how to sign in as a demo citizen.
type demoCitizens struct {
	Provider string            `json:"provider"`
	Password string            `json:"password"`
	Note     string            `json:"note"`
	Citizens []demoCitizenInfo `json:"citizens"`
}

type demoCitizenInfo struct {
	CitizenID string `json:"citizen_id"`
	NameTH    string `json:"name_th"`
	NameEN    string `json:"name_en"`
}

// demoCitizenConfig is the demo's citizen view: the simulator on loopback.
func demoCitizenConfig(cfg demoConfig) citizenConfig {
	return citizenConfig{simulate: &simulatedIdP{addr: cfg.idpAddr, loginFile: cfg.dir.path("citizens.json")}}
}

// loadOrCreateDemoCitizens reads the demo citizens' file, writing it with
// a fresh password when absent, and records the provider's URL in it.
func loadOrCreateDemoCitizens(path, provider string) (demoCitizens, error) {
	var dc demoCitizens
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &dc); err != nil {
			return dc, fmt.Errorf("%s is not the demo citizens' file (%v); delete it to make a new one", path, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return dc, err
	}
	if dc.Password == "" {
		dc.Password = rand.Text()
	}
	if provider != "" {
		dc.Provider = provider
	}
	dc.Citizens = nil
	dc.Note = "Sign in at the portal's citizen page (/citizen/) through the simulated Digital ID: pick a citizen, or type any valid citizen id with this password."
	for _, c := range digitalid.DemoCitizens() {
		dc.Citizens = append(dc.Citizens, demoCitizenInfo{CitizenID: c.ID, NameTH: c.NameTH, NameEN: c.NameEN})
	}
	b, err := json.MarshalIndent(dc, "", "  ")
	if err != nil {
		return dc, err
	}
	return dc, writeSecretFile(path, append(b, '\n'))
}

// newCitizenView builds the citizen view on the public web listener at
// webURL, starting the simulated provider first when asked. It returns
// nil when no provider is configured.
func newCitizenView(ctx context.Context, cfg citizenConfig, webURL string, st *stores, hasher citizen.KeyHasher, log *slog.Logger) (gateway.RouteSet, error) {
	redirect := webURL + citizen.DefaultBasePath + "/callback"
	if cfg.simulate != nil {
		var err error
		if cfg, err = startSimulatedIdP(ctx, cfg, redirect, log); err != nil {
			return nil, err
		}
	}
	if cfg.issuer == "" {
		log.Info("citizen view off: no Digital ID provider configured (--citizen-issuer)")
		return nil, nil
	}
	return citizen.New(citizen.Config{Issuer: cfg.issuer, ClientID: cfg.clientID, ClientSecret: cfg.clientSecret, RedirectURL: redirect},
		citizen.Deps{Audit: st.audit, Hasher: hasher, Names: st.catalog, Sessions: st.citizens,
			Logger: log.With("component", "citizen")})
}

// startSimulatedIdP runs the Digital ID simulator with gdx registered as a
// client whose secret is made afresh at every start.
func startSimulatedIdP(ctx context.Context, cfg citizenConfig, redirect string, log *slog.Logger) (citizenConfig, error) {
	secret := rand.Text()
	cfg.clientID, cfg.clientSecret = "gdx-citizen-view", secret
	logins, err := loadOrCreateDemoCitizens(cfg.simulate.loginFile, "")
	if err != nil {
		return cfg, err
	}
	idp, err := digitalid.Start(ctx, cfg.simulate.addr, digitalid.Config{Password: logins.Password,
		Clients: []digitalid.Client{{ID: cfg.clientID, Secret: secret, RedirectURIs: []string{redirect}}},
		Logger:  log.With("component", "digitalid-simulator")})
	if err != nil {
		return cfg, fmt.Errorf("start the simulated Digital ID provider on %s: %w (choose another address with --digitalid-addr)", cfg.simulate.addr, err)
	}
	cfg.issuer = idp.Issuer()
	_, err = loadOrCreateDemoCitizens(cfg.simulate.loginFile, cfg.issuer)
	return cfg, err
}
