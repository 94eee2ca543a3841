package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/policies"
)

// demoAudience is the `aud` that request JWTs to the demo gateway carry.
const demoAudience = "urn:gdx:gateway:demo"

// demoInfo is DIR/demo.json: the running demo, for scripts and tests.
// Paths are relative to DIR. Keep it stable: users and tests rely on it.
type demoInfo struct {
	APIURL   string            `json:"api_url"`
	WebURL   string            `json:"web_url"`
	AdminURL string            `json:"admin_url"`
	Audience string            `json:"audience"`
	CA       string            `json:"ca"`
	Agencies map[string]string `json:"agencies"`
	Datasets []demoDataset     `json:"datasets"`
	Purposes []demoPurpose     `json:"purposes"`
	Grants   []demoGrant       `json:"grants"`
	// Simulators are the registry simulators' URLs by upstream name; their
	// /_sim/faults endpoint takes the gateway's upstream certificate.
	Simulators map[string]string `json:"simulators"`
	// Upstream is the gateway's upstream credential, relative to DIR.
	Upstream map[string]string `json:"upstream_credential"`
}

type demoDataset struct {
	ID             string                 `json:"id"`
	Owner          string                 `json:"owner"`
	Classification catalog.Classification `json:"classification"`
	KeyKind        catalog.KeyKind        `json:"key_kind"`
	SampleKeys     []string               `json:"sample_keys"`
}

type demoPurpose struct {
	Code  string              `json:"code"`
	Basis catalog.LawfulBasis `json:"basis"`
}

type demoGrant struct {
	Consumer string   `json:"consumer"`
	Dataset  string   `json:"dataset"`
	Purposes []string `json:"purposes"`
	Fields   []string `json:"fields"`
}

// describeDemo reads the catalog back so that demo.json tells what the
// exchange really holds, not what the seed meant to write.
func describeDemo(ctx context.Context, st catalog.Store, apiURL, webURL string) (demoInfo, error) {
	info := demoInfo{APIURL: apiURL, WebURL: webURL, Audience: demoAudience, CA: "ca.crt",
		Agencies: map[string]string{}, Datasets: []demoDataset{}, Purposes: []demoPurpose{}, Grants: []demoGrant{}}
	for _, code := range demo.ClientAgencies() {
		info.Agencies[code] = filepath.Join("agencies", code)
	}
	datasets, err := st.ListDatasets(ctx, catalog.DatasetFilter{})
	if err != nil {
		return info, err
	}
	for _, d := range datasets {
		keys := demo.SampleKeys(d)
		if keys == nil {
			keys = []string{}
		}
		info.Datasets = append(info.Datasets, demoDataset{d.ID, d.Owner, d.Classification, d.KeyKind, keys})
	}
	purposes, err := st.ListPurposes(ctx)
	if err != nil {
		return info, err
	}
	for _, p := range purposes {
		info.Purposes = append(info.Purposes, demoPurpose{p.Code, p.Basis})
	}
	grants, err := st.ListGrants(ctx, catalog.GrantFilter{ValidAt: time.Now()})
	if err != nil {
		return info, err
	}
	for _, g := range grants {
		info.Grants = append(info.Grants, demoGrant{g.Consumer, g.Dataset, g.Purposes, g.Fields})
	}
	return info, nil
}

// serveDemo starts the exchange on the demo directory, writes demo.json,
// prints how to use it and serves until interrupted.
func serveDemo(ctx context.Context, cfg demoConfig, log *slog.Logger, stdout io.Writer) error {
	upstreams, err := startSimulators(ctx, cfg.dir, log)
	if err != nil {
		return err
	}
	ex, err := startExchange(ctx, serverConfig{
		databaseURL: cfg.dir.databaseURL(), apiAddr: cfg.apiAddr, webAddr: cfg.webAddr, adminAddr: cfg.adminAddr,
		tlsCert: cfg.dir.serverCert(), tlsKey: cfg.dir.serverKey(), clientCA: cfg.dir.caCert(),
		shutdownTimeout: 5 * time.Second, bodyLimit: 1 << 20, audience: demoAudience,
		lookup: demoLookup(cfg.dir, upstreams),
		openData: openDataConfig{syncEvery: 10 * time.Second, refreshEvery: 30 * time.Second,
			webSecretFile: cfg.dir.path("web.secret"), citizen: demoCitizenConfig(cfg)},
	}, log)
	if err != nil {
		return err
	}
	defer ex.Close()
	info, err := describeDemo(ctx, ex.stores.catalog, ex.gateway.APIURL(), ex.gateway.WebURL())
	if err != nil {
		return fmt.Errorf("describe the demo: %w", err)
	}
	info.AdminURL = ex.gateway.AdminURL()
	info.Simulators = upstreams
	info.Upstream = map[string]string{"cert": "upstream.crt", "key": "upstream.key"}
	if err := writeJSONFile(cfg.dir.demoJSON(), info); err != nil {
		return err
	}
	printBanner(stdout, cfg.dir, info)
	return ex.gateway.Serve(ctx)
}

// demoLookup configures the pipeline against the simulators.
func demoLookup(dir dataDir, upstreams map[string]string) lookupConfig {
	return lookupConfig{auditSecretFile: dir.path("audit.secret"), auditKeyFile: dir.path("audit-writer.key"),
		writer: "demo", upstreamCert: dir.path("upstream.crt"), upstreamKey: dir.path("upstream.key"),
		upstreamCA: dir.caCert(), upstreams: upstreams, policy: policies.DemoSet(),
		defaultLimit: catalog.RateLimit{PerMinute: 600, Burst: 100}}
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

func printBanner(w io.Writer, dir dataDir, info demoInfo) {
	dla := dir.agency(demo.DLA)
	fmt.Fprintf(w, `gdx demo is running / ระบบสาธิตพร้อมใช้งาน

  Agency API (mutual TLS):  %s
  Public web (open data):   %s   (CKAN API at /api/3/action, DCAT at /catalog)
  Admin listener:           %s   (steward console at /console/, admin API at /admin/v1, metrics at /metrics;
                            steward logins and passwords in %s)
  Citizen view:             %s/citizen/   (sign in through the simulated Digital ID; demo citizens and
                            their password in %s)
  Demo description:         %s

Try it — ask the exchange who you are, as an officer of the licensing office DLA:

  curl --cacert %s --cert %s --key %s \
       -H "Authorization: Bearer $(%s token --agency %s --purpose licensing --sub officer-1 --ial 2.3 --aal 2)" \
       %s/v1/whoami

Press Ctrl-C to stop.
`, info.APIURL, info.WebURL, info.AdminURL, dir.path("stewards.json"), info.WebURL, dir.path("citizens.json"), dir.demoJSON(), dir.caCert(),
		filepath.Join(dla, clientCertFile), filepath.Join(dla, clientKeyFile), selfCommand(), dla, info.APIURL)
}

// selfCommand is how the user can run this binary again: the path of an
// installed gdx, or `go run ./cmd/gdx` when started that way.
func selfCommand() string {
	exe, err := os.Executable()
	if err != nil || strings.Contains(exe, "go-build") {
		return "go run ./cmd/gdx"
	}
	return exe
}
