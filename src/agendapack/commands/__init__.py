"""The command layer: one module per verb.

Each command does its verb's work and returns a typed outcome, telling one `Reporter` what
happens as it goes (problems, meetings built, files written, progress). It never prints:
`cli.py` parses the arguments, calls one command and renders what it reports and returns.
`build` and `serve --watch` run the same build loop (`commands.build.build_meetings`).
"""
