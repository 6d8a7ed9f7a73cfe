# Rotation Radar: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test bench screenshots lint refresh clean cluster cluster-stop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

# BENCH_ARGS=--only-server reruns only the server-side load figures (kept in bench/RESULTS.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# docs/screenshots/<view>.png for the README (demo data, Chromium)
screenshots: $(VENV)/.installed-dev
	$(BIN)/python -m bench.screenshots

refresh: $(VENV)/.installed
	$(BIN)/rotation refresh

# A local cluster (README, "Deployment"): moto's S3 server, one refresh pass from
# ROTATION_DATA_DIR (or the demo), two read-only replicas on CLUSTER_PORT and the next port.
cluster: $(VENV)/.installed-dev
	$(BIN)/python -m bench.cluster start

cluster-stop: $(VENV)/.installed-dev
	$(BIN)/python -m bench.cluster stop

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
