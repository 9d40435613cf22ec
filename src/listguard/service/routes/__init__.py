"""The routes, one module per resource; each parses its request, calls the core once and
returns the core's JSON (the shapes ``--format json`` prints)."""
