// Package httpapi holds what every gdx HTTP listener shares: the one way
// errors become HTTP answers, the handler adapter, and the middleware for
// request ids, access logs, recovery and body limits, the one strict JSON
// body decoder (DecodeJSON, decode.go) and the query-string allowlist
// (OnlyQuery, query.go).
//
// Errors become answers in two steps, kept apart so that a second wire
// format cannot disagree with the first:
//
//   - Mapping (status.go): FailureOf reads catalog's error shape — the
//     kind gives the status, the error's data its retry-after and its
//     source (the exchange, or the owning agency: GDX-Error-Source), a
//     policy decision its reasons — into a Failure. Domain code returns
//     *catalog.Error values and never imports this package.
//   - Rendering: a Renderer writes a Failure's body in one format.
//     RenderProblem (problem.go) writes RFC 9457 problem+json, the format
//     of the agency and admin APIs. CKAN's envelope
//     ({"help":…, "success":false, "error":{"__type":…, "message":…}}) is
//     a second Renderer for the open-data API.
//
// The seam: a Renderer is a func(c *gin.Context, f Failure). WriteError
// maps the error, logs a 5xx with its cause (a body never shows it), sets
// the headers every format shares (GDX-Error-Source, WWW-Authenticate on
// 401, Retry-After when the error says when), aborts the chain and calls
// the renderer, which writes the status (f.Status, unless its format fixes
// another) and its body. A renderer reads details only its format carries
// (CKAN's errors by field) from an error type of its own with f.As. A
// route set picks its format once, by adapting its handlers with
// HandlerFor(log, render, h); Handler(log, h) is HandlerFor with
// RenderProblem. Recovery answers a panic in the format of the handler
// that panicked.
//
// It imports catalog, internal/strictjson and gin only, so the gateway
// and its admin, open-data and console servers can all use it; it must not
// import any other gdx package.
package httpapi
