package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

// demoGateway names the demo gateway in its upstream certificate
// (urn:gdx:gateway:demo); the simulators accept only it.
const demoGateway = "demo"

// issueDemoUpstreams issues the gateway's client certificate to the
// owning agencies and the simulators' server certificate.
func issueDemoUpstreams(ctx context.Context, ca *certs.Authority, st *stores, dir dataDir) error {
	up, err := ca.IssueUpstream(demoGateway, 0)
	if err != nil {
		return err
	}
	srv, err := ca.IssueServer(nil, 0)
	if err != nil {
		return err
	}
	for _, c := range []*certs.Credential{up, srv} {
		if err := st.certs.RecordIssued(ctx, c.Issued); err != nil {
			return err
		}
	}
	if err := up.Write(string(dir), "upstream.crt", "upstream.key"); err != nil {
		return err
	}
	return srv.Write(string(dir), "simulators.crt", "simulators.key")
}

// startSimulators starts the civil and juristic registry simulators on
// loopback and returns their URLs by upstream name.
func startSimulators(ctx context.Context, dir dataDir, log *slog.Logger) (map[string]string, error) {
	if err := dir.requireFiles("the data directory predates the simulators; run 'gdx demo --reset'",
		dir.path("simulators.crt"), dir.path("upstream.crt")); err != nil {
		return nil, err
	}
	cert, err := certs.LoadKeyPair(dir.path("simulators.crt"), dir.path("simulators.key"))
	if err != nil {
		return nil, err
	}
	pool, err := certs.LoadCAPool(dir.caCert())
	if err != nil {
		return nil, err
	}
	data := synth.New(synth.Config{})
	urls := map[string]string{}
	for _, reg := range []sim.Registry{sim.CivilRegistry, sim.JuristicRegistry} {
		s, err := sim.Start(ctx, sim.Config{Registry: reg, Certificate: cert, ClientCAs: pool,
			Gateways: []string{demoGateway}, Data: data, Logger: log})
		if err != nil {
			return nil, fmt.Errorf("start the %s simulator: %w", reg, err)
		}
		urls[string(reg)] = s.URL()
	}
	return urls, nil
}
