"""Load YAML input files into validated models, with every error pointing at file:line:column."""
