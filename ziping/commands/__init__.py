"""The commands of `ziping`, a module per group of them; each registers itself on `ziping.app.app`."""
