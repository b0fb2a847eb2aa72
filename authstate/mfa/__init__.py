"""Multi-factor authentication: use-cases, state machine and policy."""
