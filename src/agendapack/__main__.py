"""`python -m agendapack`: the same as the agendapack command."""

from agendapack.cli import main

main()
