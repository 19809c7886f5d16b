"""Reads the text of PDFs' pages with poppler's GLib binding, run by Debian's python3
(which has `gi`; Debian packages python3-gi and gir1.2-poppler-0.18).

agendapack.pack.text starts it as `python3 textworker.py` and keeps it for a run: one
process reads every paper, where a `pdftotext` for each paper cost a process start (about
8 ms, most of what a short paper costs) while LibreOffice needed the cores. It uses only
the standard library and `gi`. It reads a PDF's path as a JSON line on stdin and answers
with a JSON line on stdout: {"pages": [text of each page]}, or {"error": why}. It ends
when stdin closes.
"""

import json
import sys


def main():
    import gi

    gi.require_version("Poppler", "0.18")
    from gi.repository import GLib, Poppler

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            with open(json.loads(line), "rb") as handle:
                data = GLib.Bytes.new(handle.read())
            document = Poppler.Document.new_from_bytes(data, None)
            pages = [document.get_page(i).get_text() or "" for i in range(document.get_n_pages())]
            answer = {"pages": pages}
        except Exception as exc:  # a damaged paper: said by the caller, the worker goes on
            answer = {"error": str(exc) or type(exc).__name__}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
