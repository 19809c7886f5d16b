"""agendapack: committee work programmes to public document packs, calendars and a website."""

__version__ = "0.1.0"
