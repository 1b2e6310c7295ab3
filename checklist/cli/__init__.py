"""The command-line interface. Heavy imports stay inside commands so that startup is fast."""
