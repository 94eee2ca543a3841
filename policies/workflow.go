package policies

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Workflow is the steward workflow over policy versions: draft, approve or
// reject, activate, roll back. Every verb checks the actor's role and
// scope, records an event, and leaves the active policy serving when it
// refuses. Engine, if set, is swapped at once on activation in this
// process; other replicas follow through their Watcher.
type Workflow struct {
	Store  VersionStore
	Engine *Engine
	// Now returns the current time; nil means time.Now.
	Now func() time.Time

	// switching serialises switchTo in this process, so that the engine
	// is swapped in the order the store committed.
	switching sync.Mutex
}

// NewWorkflow returns a workflow on the store that swaps engine.
func NewWorkflow(store VersionStore, engine *Engine) *Workflow {
	return &Workflow{Store: store, Engine: engine}
}

func (w *Workflow) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

// Draft stores a whole policy set as a new version by the actor, after
// compiling and testing it against the active version's set. The version
// is stored even when it fails (status failed, with its report); then the
// returned error is a *RefusedError listing every problem line by line.
// Errors: unauthenticated, forbidden (role, or a file outside the actor's
// scope), invalid (no change), and *RefusedError.
func (w *Workflow) Draft(ctx context.Context, by Actor, mods Modules, note string) (Version, error) {
	if err := w.authorize(by, "draft", RoleSteward, RoleApprover, RoleAdmin); err != nil {
		return Version{}, err
	}
	parent, err := w.active(ctx)
	if err != nil {
		return Version{}, err
	}
	v := Version{Parent: parent.ID, Modules: mods.Clone(), Digest: mods.Digest(), Author: by, Note: note,
		CreatedAt: w.now(), Scopes: changedScopes(parent.Modules, mods), Diff: Diff(parent.Modules, mods)}
	if len(v.Scopes) == 0 {
		return Version{}, catalog.Errorf(catalog.KindInvalid, "the draft does not change the active policy set")
	}
	if err := by.covers(v.Scopes, "draft"); err != nil {
		return Version{}, err
	}
	_, v.Report, err = Compile(ctx, "draft", mods)
	v.Status = StatusTested
	if err != nil {
		v.Status = StatusFailed
	}
	stored, serr := w.Store.CreateVersion(ctx, v, EventDrafted)
	if serr != nil {
		return Version{}, fmt.Errorf("store policy draft: %w", serr)
	}
	return stored, err
}

// Approve records the actor's approval of a tested version. Errors:
// unauthenticated, forbidden (role, scope, or the actor wrote it), not
// found, conflict (the version is not tested: failed tests block it).
func (w *Workflow) Approve(ctx context.Context, id int64, by Actor) (Version, error) {
	if err := w.authorize(by, "approve", RoleApprover, RoleAdmin); err != nil {
		return Version{}, err
	}
	v, err := w.Store.FindVersion(ctx, id)
	if err != nil {
		return Version{}, err
	}
	switch {
	case v.Author.Name == by.Name:
		return Version{}, catalog.Errorf(catalog.KindForbidden, "%s wrote %s and may not approve it; another steward must",
			by.Name, v.Label()).WithReason(ReasonSelfApproval)
	case v.Status != StatusTested:
		return Version{}, catalog.Errorf(catalog.KindConflict, "%s is %s; only a tested version can be approved",
			v.Label(), v.Status).WithReason(ReasonPolicyNotTested)
	}
	if err := by.covers(v.Scopes, "approve"); err != nil {
		return Version{}, err
	}
	if err := w.Store.ApproveVersion(ctx, id, by, w.now()); err != nil {
		return Version{}, err
	}
	return w.Store.FindVersion(ctx, id)
}

// Reject marks a tested or failed version rejected with the actor's note.
// Errors: unauthenticated, forbidden, not found, conflict.
func (w *Workflow) Reject(ctx context.Context, id int64, by Actor, note string) error {
	if err := w.authorize(by, "reject", RoleApprover, RoleAdmin); err != nil {
		return err
	}
	v, err := w.Store.FindVersion(ctx, id)
	if err != nil {
		return err
	}
	if err := by.covers(v.Scopes, "reject"); err != nil {
		return err
	}
	return w.Store.RejectVersion(ctx, id, by, note, w.now())
}

// Activate makes an approved version the active one, atomically in the
// store and, through Engine, in this process. The version must have been
// drafted on the version active now. Errors: unauthenticated, forbidden,
// not found, conflict (not approved, or drafted on an older version:
// draft again), *RefusedError (it no longer compiles here).
func (w *Workflow) Activate(ctx context.Context, id int64, by Actor) (Version, error) {
	if err := w.authorize(by, "activate", RoleApprover, RoleAdmin); err != nil {
		return Version{}, err
	}
	v, err := w.Store.FindVersion(ctx, id)
	if err != nil {
		return Version{}, err
	}
	if v.Status != StatusApproved {
		return Version{}, catalog.Errorf(catalog.KindConflict, "%s is %s; only an approved version can be activated",
			v.Label(), v.Status).WithReason(ReasonPolicyNotApproved)
	}
	if err := by.covers(v.Scopes, "activate"); err != nil {
		return Version{}, err
	}
	return w.switchTo(ctx, v, v.Parent, EventActivated, by, "")
}

// Rollback makes an earlier, superseded version active again, audited as
// its own event. The actor must cover every scope in which it differs
// from the active set. Errors: unauthenticated, forbidden, not found,
// conflict (the version was never active), *RefusedError.
func (w *Workflow) Rollback(ctx context.Context, to int64, by Actor, note string) (Version, error) {
	if err := w.authorize(by, "roll back", RoleApprover, RoleAdmin); err != nil {
		return Version{}, err
	}
	v, err := w.Store.FindVersion(ctx, to)
	if err != nil {
		return Version{}, err
	}
	if v.Status != StatusSuperseded {
		return Version{}, catalog.Errorf(catalog.KindConflict, "%s is %s; rollback goes to a version that was active before",
			v.Label(), v.Status).WithReason(ReasonPolicyNotSuperseded)
	}
	cur, err := w.active(ctx)
	if err != nil {
		return Version{}, err
	}
	if err := by.covers(changedScopes(cur.Modules, v.Modules), "roll back"); err != nil {
		return Version{}, err
	}
	return w.switchTo(ctx, v, cur.ID, EventRolledBack, by, note)
}

// switchTo compiles the version, switches the store from expect to it and
// activates it in the engine.
func (w *Workflow) switchTo(ctx context.Context, v Version, expect int64, kind EventKind, by Actor, note string) (Version, error) {
	w.switching.Lock()
	defer w.switching.Unlock()
	p, _, err := Compile(ctx, v.Label(), v.Modules)
	if err != nil {
		return Version{}, err
	}
	err = w.Store.ActivateVersion(ctx, Activation{Version: v.ID, Expect: expect, Kind: kind, By: by, At: w.now(), Note: note})
	if err != nil {
		return Version{}, err
	}
	if w.Engine != nil {
		w.Engine.Activate(p)
	}
	return w.Store.FindVersion(ctx, v.ID)
}

// Bootstrap stores and activates mods as the first version when no
// version is active, as `gdx demo` and a fresh `gdx serve` need; with an
// active version it only loads that one into Engine. It is safe to call
// from several replicas at once.
func (w *Workflow) Bootstrap(ctx context.Context, mods Modules) (Version, error) {
	if cur, err := w.active(ctx); err != nil || cur.ID != 0 {
		return w.loadActive(ctx, cur, err)
	}
	system := Actor{Name: "gdx", Agency: "gdx", Role: RoleAdmin}
	p, rep, err := Compile(ctx, "bootstrap", mods)
	if err != nil {
		return Version{}, err
	}
	now := w.now()
	v, err := w.Store.CreateVersion(ctx, Version{Modules: mods.Clone(), Digest: mods.Digest(), Author: system,
		Note: "initial policy set", CreatedAt: now, Scopes: changedScopes(nil, mods), Status: StatusApproved,
		Report: rep, Diff: Diff(nil, mods), Approver: system.Name, ApprovedAt: now}, EventBootstrapped)
	if err != nil {
		return Version{}, err
	}
	err = w.Store.ActivateVersion(ctx, Activation{Version: v.ID, Kind: EventBootstrapped, By: system, At: now})
	if catalog.IsKind(err, catalog.KindConflict) { // another replica won
		cur, err := w.active(ctx)
		return w.loadActive(ctx, cur, err)
	} else if err != nil {
		return Version{}, err
	}
	p.version = v.Label()
	if w.Engine != nil {
		w.Engine.Activate(p)
	}
	return w.Store.FindVersion(ctx, v.ID)
}

func (w *Workflow) loadActive(ctx context.Context, cur Version, err error) (Version, error) {
	if err != nil || w.Engine == nil || w.Engine.Version() == cur.Label() {
		return cur, err
	}
	_, err = w.Engine.Load(ctx, cur.Label(), cur.Modules)
	return cur, err
}

// Active returns the active version, or the zero Version when none is.
func (w *Workflow) Active(ctx context.Context) (Version, error) { return w.active(ctx) }

func (w *Workflow) active(ctx context.Context) (Version, error) {
	id, err := w.Store.ActiveVersionID(ctx)
	if err != nil || id == 0 {
		return Version{}, err
	}
	v, err := w.Store.FindVersion(ctx, id)
	if err != nil {
		return Version{}, fmt.Errorf("load active policy %s: %w", VersionLabel(id), err)
	}
	return v, nil
}

func (w *Workflow) authorize(by Actor, verb string, roles ...Role) error {
	if w.Store == nil {
		return errors.New("policies: workflow has no store")
	}
	if err := by.Validate(); err != nil {
		return err
	}
	return by.may(verb, roles...)
}
