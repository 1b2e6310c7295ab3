"""The command-line interface. Heavy imports stay inside commands so that startup is fast."""

import os

# Pydantic looks for plugins in every installed distribution's entry points the first time it
# builds a validator outside typer (about 4 ms here, more in a large environment). The tool's
# models have no use for plugins; a user who sets the variable keeps their own setting.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
