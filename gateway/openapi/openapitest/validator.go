package openapitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Validator checks requests and responses against one OpenAPI document.
type Validator struct {
	// Doc is the loaded and validated document.
	Doc    *openapi3.T
	router routers.Router
}

// Load parses doc, validates it as OpenAPI, and routes requests to
// serverURL (the live agency API's base URL) in place of the document's
// servers.
func Load(doc []byte, serverURL string) (*Validator, error) {
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load the OpenAPI document: %w", err)
	}
	if err := t.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate the OpenAPI document: %w", err)
	}
	if !t.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("the document is OpenAPI %s, not 3.1", t.OpenAPI)
	}
	if serverURL != "" {
		t.Servers = openapi3.Servers{{URL: serverURL}}
	}
	r, err := legacy.NewRouter(t)
	if err != nil {
		return nil, fmt.Errorf("route the OpenAPI document: %w", err)
	}
	return &Validator{Doc: t, router: r}, nil
}

// acceptSecurity accepts every security scheme: the real server checked
// the client certificate and the request JWT; the document is checked
// for naming the schemes, not for re-doing TLS.
func acceptSecurity(context.Context, *openapi3filter.AuthenticationInput) error { return nil }

// Check validates req (whose body, if any, is reqBody) and the response
// res with body resBody. requestErr is a path, parameter or body the
// document does not allow, which a test of a refusal may expect;
// responseErr is a status, header or body the document does not
// describe for the route, which is always the document's or the API's
// fault. A request no route of the document serves fails both.
func (v *Validator) Check(ctx context.Context, req *http.Request, reqBody []byte, res *http.Response, resBody []byte) (requestErr, responseErr error) {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		err = fmt.Errorf("find the route of %s %s: %w", req.Method, req.URL.Path, err)
		return err, err
	}
	req = req.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	opts := &openapi3filter.Options{AuthenticationFunc: acceptSecurity, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		requestErr = fmt.Errorf("request %s %s: %w", req.Method, req.URL.Path, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode,
		Header: res.Header, Body: io.NopCloser(bytes.NewReader(resBody)), Options: opts}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		responseErr = fmt.Errorf("response %d to %s %s: %w", res.StatusCode, req.Method, req.URL.Path, err)
	}
	return requestErr, responseErr
}
