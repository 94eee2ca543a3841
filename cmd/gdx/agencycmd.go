package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/catalog"
)

func init() { addCommand(newAgencyCommand) }

func newAgencyCommand() *cobra.Command {
	return group("agency", "manage registered agencies and their request-signing keys",
		"Manage registered agencies. Every change is audited with the operator (OS user and host) as the actor.\n"+
			"All subcommands take --data DIR or --database-url URL.",
		newAgencyAdd(), newAgencyList(),
		newAgencyStatus("suspend", catalog.AgencySuspended, "suspend an agency: gateways refuse its requests at once"),
		newAgencyStatus("activate", catalog.AgencyActive, "activate a suspended agency again"),
		newKeyCommand())
}

func newAgencyAdd() *cobra.Command {
	var f operatorFlags
	var a catalog.Agency
	cmd := &cobra.Command{Use: "add --code CODE --name-th NAME", Short: "register an agency", Args: noArgs,
		RunE: f.asOperator(func(ctx context.Context, cmd *cobra.Command, st *stores, op *operator) error {
			if err := op.svc.AddAgency(ctx, op.by, a); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "registered agency %s; issue its credentials with 'gdx certs issue --agency %s'\n", a.Code, a.Code)
			return nil
		})}
	f.register(cmd)
	cmd.Flags().StringVar(&a.Code, "code", "", "agency code, e.g. DLA")
	cmd.Flags().StringVar(&a.NameTH, "name-th", "", "Thai name")
	cmd.Flags().StringVar(&a.NameEN, "name-en", "", "English name")
	cmd.Flags().StringVar(&a.Ministry, "ministry", "", "parent ministry")
	return cmd
}

func newAgencyList() *cobra.Command {
	var f dbFlags
	var o outputFlag
	cmd := &cobra.Command{Use: "list", Short: "list registered agencies", Args: noArgs,
		RunE: listing(&f, &o, func(ctx context.Context, cmd *cobra.Command, st *stores) error {
			agencies, err := st.catalog.ListAgencies(ctx)
			if err != nil || o.json() {
				return orJSON(err, cmd, agencies)
			}
			// The Thai name comes last: its combining vowels and tone marks
			// take no width, which would shift any column after it.
			t := newTable(cmd.OutOrStdout(), "CODE", "STATUS", "NAME (EN)", "NAME (TH)")
			for _, a := range agencies {
				t.row(a.Code, string(a.Status), a.NameEN, a.NameTH)
			}
			return t.flush()
		})}
	f.register(cmd)
	o.register(cmd)
	return cmd
}

// orJSON ends a list command: its error, or else the items as JSON lines.
func orJSON[T any](err error, cmd *cobra.Command, items []T) error {
	if err != nil {
		return err
	}
	return writeJSONLines(cmd.OutOrStdout(), items)
}

// newAgencyStatus makes the command that sets an agency's status.
func newAgencyStatus(name string, status catalog.AgencyStatus, short string) *cobra.Command {
	var f operatorFlags
	var code string
	cmd := &cobra.Command{Use: name + " --code CODE", Short: short, Args: noArgs,
		RunE: f.asOperator(func(ctx context.Context, cmd *cobra.Command, st *stores, op *operator) error {
			a, err := op.svc.SetAgencyStatus(ctx, op.by, code, status)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "agency %s is now %s\n", a.Code, status)
			return nil
		})}
	f.register(cmd)
	cmd.Flags().StringVar(&code, "code", "", "agency code")
	return cmd
}
