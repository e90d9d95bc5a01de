"""What the terminal shows: typer in Chinese (help pages, usage errors) and Chinese text wrapped
without breaking a value, a 文号 or a short quote."""
