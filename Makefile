# Two commands do all the set-up on a fresh Debian machine:
#   make run    installs what is missing and builds the example workspace into build/
#   make test   the same set-up plus what the tests need, then the tests
# Both are idempotent: a step whose result is already there is skipped.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: LibreOffice Writer without a GUI, fonts metric-compatible with
# Calibri/Cambria (Carlito/Caladea) and Arial/Times (Liberation); python3-uno lets
# agendapack drive one long-lived LibreOffice per build; poppler's pdftotext reads minutes
# given as PDF (`agendapack resolutions`) and the tests' PDFs back, and its GLib binding
# (python3-gi, gir1.2-poppler-0.18) the papers' text for the site's search; libical (Evolution's
# iCalendar library) with gcc reads the feeds back as a strict second parser.
# Tesseract with its English data reads scanned pages (pdf/ocr.py), its orientation data
# (tesseract-ocr-osd) finds a page scanned upside down or sideways; jbig2dec lets
# pikepdf decode a scanner's JBIG2 pictures for it. LibreOffice converts on jemalloc
# (libjemalloc2), a fifth less CPU a report than on glibc's malloc (documents/convert.py).
# WenQuanYi Zen Hei draws Chinese, Japanese and Korean: without it LibreOffice draws a Word
# report's Chinese words as empty boxes, their characters in no reader's structure text.
# poppler-data maps the standard Chinese, Japanese and Korean character collections to
# Unicode: without it poppler reads no words of a paper whose CJK font carries no map.
DEBS_RUN := libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui \
	fonts-crosextra-carlito fonts-crosextra-caladea \
	fonts-liberation2 fonts-dejavu-core fonts-wqy-zenhei python3-uno poppler-utils python3-gi \
	gir1.2-poppler-0.18 poppler-data tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd jbig2dec \
	libjemalloc2
# Ghostscript and rsvg-convert (cairo) make papers as those programs write them (tests/producer_pdfs.py); pandoc makes Word files as it writes them
# (tests/test_word_producers.py).
DEBS_TEST := qpdf chromium libical-dev pkg-config gcc pandoc ghostscript \
	librsvg2-bin

# mypy --strict on the command layer and the shared modules it stands on (the rest: mypy)
STRICT := src/agendapack/cli.py src/agendapack/terminal.py src/agendapack/commands \
	src/agendapack/errors.py src/agendapack/layout.py src/agendapack/store.py \
	src/agendapack/write.py src/agendapack/pdf

.PHONY: run test lint debs-run debs-test clean

run: debs-run $(BIN)/agendapack node_modules/.installed
	$(BIN)/agendapack build

test: debs-run debs-test $(VENV)/.test-deps node_modules/.installed
	$(BIN)/ruff check src tests scripts $(wildcard benchmarks)
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/mypy --strict $(STRICT)
	$(BIN)/pytest

lint: $(VENV)/.test-deps
	$(BIN)/ruff check src tests scripts $(wildcard benchmarks)
	$(BIN)/ruff format --check src tests scripts $(wildcard benchmarks)

debs-run:
	@scripts/ensure-debs $(DEBS_RUN)

debs-test:
	@scripts/ensure-debs $(DEBS_TEST)

# An editable install has no bytecode of its own, and where PYTHONDONTWRITEBYTECODE is set
# (as on the project's machines) every command would compile agendapack again: compiled
# here, a command starts a tenth of a second sooner. An edited module is compiled afresh.
$(BIN)/agendapack: pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	$(BIN)/python -m compileall -q src
	@touch $@

$(VENV)/.test-deps: pyproject.toml $(BIN)/agendapack
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

# pagefind (its binary ships in the npm package) indexes the site for its search page, so
# `make run` needs it too. For the tests: ical.js (Thunderbird's parser) reads the feeds back;
# playwright-core drives Debian's Chromium and axe-core checks the site. Never a browser
# download of their own.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || scripts/ensure-debs nodejs npm
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean:
	rm -rf build
