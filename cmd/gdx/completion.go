package main

import (
	"github.com/spf13/cobra"
)

func init() { addCommand(newCompletionCommand) }

const completionLong = `Print the shell completion script for bash, zsh or fish.

  bash:  source <(gdx completion bash)
         (or write it to /etc/bash_completion.d/gdx; needs bash-completion)
  zsh:   gdx completion zsh > "${fpath[1]}/_gdx"   (then start a new shell)
  fish:  gdx completion fish > ~/.config/fish/completions/gdx.fish`

func newCompletionCommand() *cobra.Command {
	return &cobra.Command{
		Use:       "completion bash|zsh|fish",
		Short:     "print the shell completion script",
		Long:      completionLong,
		ValidArgs: []string{"bash", "zsh", "fish"},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || (args[0] != "bash" && args[0] != "zsh" && args[0] != "fish") {
				return usagef("name one shell: bash, zsh or fish")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, out := cmd.Root(), cmd.OutOrStdout()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			}
			return root.GenFishCompletion(out, true)
		},
	}
}
