package opendata

// Organization is a CKAN organisation: for gdx, an agency that owns
// datasets.
type Organization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Title          string `json:"title"`
	Type           string `json:"type"`
	Description    string `json:"description"`
	ImageURL       string `json:"image_url"`
	Created        Time   `json:"created"`
	IsOrganization bool   `json:"is_organization"`
	ApprovalStatus string `json:"approval_status"`
	State          string `json:"state"`
}

// NewOrganization returns an active organisation with CKAN's defaults.
func NewOrganization(id, name, title, description string) *Organization {
	return &Organization{ID: id, Name: name, Title: title, Type: "organization", Description: description,
		IsOrganization: true, ApprovalStatus: "approved", State: StateActive}
}

// Group is a CKAN group as a package lists it: a theme that packages of
// any organisation may belong to.
type Group struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Title           string `json:"title"`
	DisplayName     string `json:"display_name"`
	Description     string `json:"description"`
	ImageDisplayURL string `json:"image_display_url"`
}

// Tag is a CKAN free tag (no vocabulary).
type Tag struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	DisplayName  string  `json:"display_name"`
	State        string  `json:"state"`
	VocabularyID *string `json:"vocabulary_id"`
}

// NewTag returns the active free tag called name, with a stable id.
func NewTag(name string) Tag {
	return Tag{ID: StableID("tag", name), Name: name, DisplayName: name, State: StateActive}
}
