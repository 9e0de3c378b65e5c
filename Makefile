# The README's two quick-start commands: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_LIST := ci/apt-packages.txt

.PHONY: demo test install system-packages docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# As root, install the Debian packages the namespace guests need (dnsmasq, a DHCP client, ...);
# as another user the tests that need them skip with the reason.
system-packages:
	@if [ "$$(id -u)" = 0 ] && [ -f $(APT_LIST) ]; then \
	  missing=$$(for p in $$(grep -v '^#' $(APT_LIST)); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	fi

test: install system-packages
	$(BIN)/pytest

demo: install system-packages
	$(BIN)/python -m nicguard.demo

docs: install
	$(BIN)/nicguard rules --write-docs

# The issues' figures: each prints medians and the ratio to its baseline (several minutes).
bench: install
	$(BIN)/python bench/conflicts.py
	$(BIN)/python bench/scan.py
	$(BIN)/python bench/policy_pack.py
	$(BIN)/python bench/drift.py

clean:
	rm -rf $(VENV) out .pytest_cache
