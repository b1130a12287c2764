"""Sub-commands owned by individual stages; each module exposes ``commands: list[click.Command]``."""
