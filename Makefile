# Two entry points for a fresh Debian 12 machine: `make run` and `make test` (see README).
# `make test` runs the Linux suite; with WINDOWS=1 (as CI sets it) it then runs the Windows
# pipeline under Wine (`make windows`: build, test suite, setup.exe, install checks).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test windows system venv bench installer clean

run: system venv
	$(PY) -m desktop

test: system venv
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	@if [ "$(WINDOWS)" = 1 ]; then $(MAKE) --no-print-directory windows; fi

windows: system venv
	HOST_PYTHON=$(abspath $(PY)) bash scripts/windows/pipeline.sh

system:
	bash scripts/install-system-packages.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,build]'
	touch $@

bench: system venv
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

installer: system venv
	PYTHON=$(PY) bash scripts/build_installer.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache
