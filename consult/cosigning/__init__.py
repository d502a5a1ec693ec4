"""Co-signing: coalition input. The lead organisation invites other organisations to sign
its submission; each becomes a co-signer only once one of its own members confirms."""
