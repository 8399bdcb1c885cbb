# `make test`: install everything the tests need (Debian chromium too), then run the whole suite.
PYTHON ?= python3

.PHONY: test install-test-deps example docs

test: install-test-deps
	$(PYTHON) -m pytest

install-test-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then APT=""; else APT="sudo"; fi; \
	  $$APT apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$APT apt-get install -y -qq chromium fonts-dejavu-core; \
	fi
	$(PYTHON) -m pip install -q -c tests/constraints.txt -e '.[test]'

example:
	$(PYTHON) -m pip install -q . && geomap build --example

# The reference (guides + API from the docstrings) in output/site; warnings are errors.
docs:
	$(PYTHON) -m mkdocs build --strict
