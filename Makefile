# The commands of the README: `make demo` (CKAN 2.12) and `make test` (the
# whole suite on CKAN 2.12 and on CKAN 2.11 at the same time, side by side;
# `make test CKAN=2.11` runs one). Everything they need is installed here, from the registries: into
# .venv for CKAN 2.12, into .venv-2.11 for CKAN 2.11.
SHELL := /bin/bash
PYTHON ?= python3
# The CKAN version to install into and run on. Each has its own virtualenv,
# its own pinned requirements file and its own test database (a database
# migrated by one CKAN version cannot be reset by the other).
# `make test` without CKAN= tests every supported version side by side,
# one pytest per version (one per core on a two-core machine), each line
# of output prefixed with its version (bin/test-side-by-side).
TEST_VERSIONS := $(if $(filter command line environment,$(origin CKAN)),$(CKAN),2.12 2.11)
CKAN ?= 2.12
SUPPORTED_CKAN := 2.11 2.12
ifeq ($(filter $(CKAN),$(SUPPORTED_CKAN)),)
$(error CKAN=$(CKAN) is not supported; choose one of: $(SUPPORTED_CKAN))
endif
ifeq ($(CKAN),2.12)
VENV := .venv
REQUIREMENTS := requirements.txt
DB_SUFFIX :=
else
VENV := .venv-$(CKAN)
REQUIREMENTS := requirements-ckan$(CKAN).txt
DB_SUFFIX := _$(subst .,_,$(CKAN))
endif
# The Redis db of each version's test run: its own, so that both versions'
# runs can share the machine at once (as CI runs them). The test suite
# empties it, so no demo may use it.
TEST_REDIS_DB_2.12 := 1
TEST_REDIS_DB_2.11 := 2
TEST_REDIS_DBS := $(TEST_REDIS_DB_2.12) $(TEST_REDIS_DB_2.11)
BIN := $(VENV)/bin
PGURL := postgresql://postgres@127.0.0.1:5432
TEST_DB ?= ckan_municipal_test$(DB_SUFFIX)
REDIS_DB ?= $(TEST_REDIS_DB_$(CKAN))
# What `make demo` serves (the README names these three): the port on
# 127.0.0.1, the database and the Redis db, never a test run's.
PORT ?= 5000
DEMO_DB ?= ckan_municipal_demo
DEMO_REDIS_DB ?= 5
# The Redis db of the demo that tests/test_demo_served.py starts through
# `make demo` (its database is TEST_DB's name + _demo).
DEMO_TEST_REDIS_DB ?= 6
BENCH_DB ?= ckan_municipal_bench
# The test database and Redis db of a run (CKAN reads them from the
# environment over test.ini), so that parallel runs keep apart.
# Each version has its own storage folder too: the web assets CKAN builds
# there differ between versions.
TEST_ENV := CKAN_SQLALCHEMY_URL=$(PGURL)/$(TEST_DB) CKAN_REDIS_URL=redis://127.0.0.1:6379/$(REDIS_DB) \
  CKAN_STORAGE_PATH=$(CURDIR)/var/test-storage-$(CKAN) DEMO_TEST_REDIS_DB=$(DEMO_TEST_REDIS_DB)

.PHONY: demo demo-settings test bench bench-100k bench-load bench-harvest venv services chromium test-db pot i18n clean

$(VENV)/.installed: $(REQUIREMENTS) requirements-dev.txt setup.cfg
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel setuptools
	$(BIN)/pip install --quiet -r $(REQUIREMENTS) -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e . --config-settings editable_mode=compat
	touch $@

venv: $(VENV)/.installed

services: venv
	@$(BIN)/python bin/check-services

# Debian's Chromium drives the browser tests; Playwright never downloads one.
# Under a lock: the two CKAN versions' test runs may start at once.
chromium:
	@command -v chromium >/dev/null || flock /tmp/ckanext-municipal-chromium.lock sh -c '\
	  command -v chromium >/dev/null && exit 0; \
	  echo "Installing Debian'"'"'s chromium package for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null'

test-db: services
	@$(BIN)/python bin/ensure-database --for-tests $(PGURL)/$(TEST_DB)

ifeq ($(words $(TEST_VERSIONS)),1)
test: venv chromium test-db
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)
else
test:
	@bin/test-side-by-side $(TEST_VERSIONS)
endif

# The demo portal and the benchmarks run on CKAN 2.12 (.venv, their
# databases); CKAN=2.11 is for `make test`.
# The demo runs with PORT, DEMO_DB and DEMO_REDIS_DB, whatever else the
# command line sets.
DEMO_REFUSAL := $(strip \
  $(if $(filter-out 2.12,$(CKAN)),make demo serves CKAN 2.12; CKAN=$(CKAN) is for make test only.) \
  $(if $(filter $(DEMO_REDIS_DB),$(TEST_REDIS_DBS)),DEMO_REDIS_DB=$(DEMO_REDIS_DB) is a Redis db the test runs use and empty ($(TEST_REDIS_DBS)): choose another.) \
  $(if $(filter $(DEMO_DB),$(TEST_DB) ckan_municipal_test ckan_municipal_test_2_11),DEMO_DB=$(DEMO_DB) is a database the test runs use and empty: choose another.))
demo-settings:
	@test -z "$(DEMO_REFUSAL)" || { echo "$(DEMO_REFUSAL)" >&2; exit 2; }

demo: demo-settings venv
	@$(BIN)/python bin/check-services --port $(PORT) --redis-db $(DEMO_REDIS_DB)
	@$(BIN)/python bin/ensure-database $(PGURL)/$(DEMO_DB)
	@PORT=$(PORT) DEMO_DB=$(DEMO_DB) DEMO_REDIS_DB=$(DEMO_REDIS_DB) bin/demo

# Each benchmark has a database of its own: the search benchmark keeps its
# 10,000 datasets between runs, the schema and prioritization benchmarks
# empty theirs.
bench: venv services
	@test "$(CKAN)" = 2.12 || { echo "make bench measures CKAN 2.12; CKAN=$(CKAN) is for make test only." >&2; exit 2; }
	@$(BIN)/python bin/ensure-database $(PGURL)/$(BENCH_DB)
	@$(BIN)/python bin/ensure-database $(PGURL)/$(BENCH_DB)_schema
	@$(BIN)/python bin/ensure-database $(PGURL)/$(BENCH_DB)_charter
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB) CKAN_REDIS_URL=redis://127.0.0.1:6379/7 \
	  $(BIN)/python bench/search_bench.py $(BENCH_ARGS)
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB)_schema CKAN_REDIS_URL=redis://127.0.0.1:6379/8 \
	  $(BIN)/python bench/schema_bench.py
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB)_charter CKAN_REDIS_URL=redis://127.0.0.1:6379/9 \
	  $(BIN)/python bench/charter_bench.py
	@$(BIN)/python bin/ensure-database $(PGURL)/$(BENCH_DB)_prio
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB)_prio CKAN_REDIS_URL=redis://127.0.0.1:6379/13 \
	  $(BIN)/python bench/prioritization_bench.py

# The search benchmark at 100,000 datasets built through CKAN's indexing, in
# a database of its own that later runs reuse (the first build takes about
# an hour on two cores); its scaling is checked against the figures of the
# last `make bench` (bench/out/search-10000.json).
bench-100k: venv services
	@test "$(CKAN)" = 2.12 || { echo "make bench-100k measures CKAN 2.12." >&2; exit 2; }
	@$(BIN)/python bin/ensure-database $(PGURL)/$(BENCH_DB)_100k
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB)_100k CKAN_REDIS_URL=redis://127.0.0.1:6379/10 \
	  $(BIN)/python bench/search_bench.py --datasets 100000 \
	  --compare bench/out/search-10000.json $(BENCH_ARGS)

# Harvesting a catalogue of 1,000 datasets served on 127.0.0.1
# (bench/harvest_bench.py): the first run and an unchanged second run,
# through `ckan harvester run-test`. Its own database (emptied) and Redis db.
BENCH_HARVEST_REDIS_DB ?= 14
bench-harvest: venv services
	@test "$(CKAN)" = 2.12 || { echo "make bench-harvest measures CKAN 2.12." >&2; exit 2; }
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB)_harvest CKAN_REDIS_URL=redis://127.0.0.1:6379/$(BENCH_HARVEST_REDIS_DB) \
	  $(BIN)/python bench/harvest_bench.py $(BENCH_ARGS)

# The portal under load (bench/load_bench.py): waitress serving CKAN on
# 127.0.0.1, 77 clients for 60 s, then every index row checked against a
# fresh indexing. Its own database (emptied) and Redis db.
BENCH_LOAD_REDIS_DB ?= 12
bench-load: venv services
	@test "$(CKAN)" = 2.12 || { echo "make bench-load measures CKAN 2.12." >&2; exit 2; }
	@$(BIN)/python bin/ensure-database $(PGURL)/$(BENCH_DB)_load
	CKAN_SQLALCHEMY_URL=$(PGURL)/$(BENCH_DB)_load CKAN_REDIS_URL=redis://127.0.0.1:6379/$(BENCH_LOAD_REDIS_DB) \
	  $(BIN)/python bench/load_bench.py $(BENCH_ARGS)

# Each plugin is its own translation domain (ckanext-<plugin>). `make pot`
# extracts a plugin's strings, and those of the code the plugins share
# (ckanext/municipal_opendata), into its template,
# ckanext/<plugin>/i18n/ckanext-<plugin>.pot, with the options of setup.cfg's
# [extract_messages]; translations are edited in each plugin's
# i18n/<lang>/LC_MESSAGES/*.po; `make i18n` compiles them into the .mo files
# the package ships.
pot: venv
	@for dir in ckanext/*/i18n; do plugin=$$(basename "$$(dirname "$$dir")"); \
	  $(BIN)/python -W ignore setup.py -q extract_messages \
	    --input-dirs "ckanext/$$plugin,ckanext/municipal_opendata" --project "ckanext-$$plugin" \
	    --output-file "$$dir/ckanext-$$plugin.pot" || exit 1; done

i18n: venv
	@for po in ckanext/*/i18n/*/LC_MESSAGES/*.po; do \
	  $(BIN)/pybabel compile --statistics -i "$$po" -o "$${po%.po}.mo"; done

clean:
	rm -rf .venv .venv-* var demo.ini build *.egg-info
