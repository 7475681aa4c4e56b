# discourse — `make help` lists the targets. `make report` and `make test` set everything up themselves.
PY       ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed-stamp
CORPUS   ?= corpora/demo
OUT      ?= reports
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install report lab test lint format typecheck bench dist clean

help: ## Show this help
	@echo "discourse — measure how news outlets word the same events"
	@echo
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'
	@echo
	@echo "Variables: CORPUS=$(CORPUS) OUT=$(OUT) PY=$(PY)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.4"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]"
	$(BIN)/python -c "import discourse; discourse.ensure_nltk_data()"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools (run by report and test)

# Corpus options for `make report`, as for `discourse report` (empty: not given), e.g.
# make report CORPUS=headlines.txt FORMAT=tsv COLUMN_NAMES=date,outlet,title,url MAPPING=text=title
MAPPING  ?=
COLUMN_NAMES ?=
FORMAT   ?=
ENCODING ?=
DAYFIRST ?=
OUTLET   ?=
DEDUPE   ?=
LEXICON  ?=
REPORT_OPTIONS = $(if $(MAPPING),--mapping '$(MAPPING)') $(if $(COLUMN_NAMES),--columns '$(COLUMN_NAMES)') \
	$(if $(FORMAT),--format $(FORMAT)) $(if $(ENCODING),--encoding $(ENCODING)) \
	$(if $(filter 1 yes true,$(DAYFIRST)),--dayfirst) $(if $(OUTLET),--outlet '$(OUTLET)') \
	$(if $(DEDUPE),--dedupe $(DEDUPE)) $(if $(LEXICON),--lexicon '$(LEXICON)')

report: $(STAMP) ## Render every notebook against CORPUS into OUT (HTML, offline); options: MAPPING FORMAT COLUMN_NAMES ENCODING DAYFIRST=1 OUTLET DEDUPE LEXICON
	$(BIN)/discourse report --corpus '$(CORPUS)' --out '$(OUT)' $(REPORT_OPTIONS)

# JupyterLab on the notebooks folder. lab/labconfig turns off the announcements plugin (the news
# pop-up and its update check); the server fetches no news and checks no version either.
LAB_OPTIONS ?=
LAB_FLAGS = --ServerApp.root_dir='$(CURDIR)/notebooks' --LabApp.news_url=None \
	--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.extension_manager=readonly

lab: $(STAMP) ## Start JupyterLab on notebooks/ (no news pop-up, no update check) and print its URL; options: LAB_OPTIONS
	JUPYTER_CONFIG_PATH='$(CURDIR)/lab$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))' \
		$(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_OPTIONS)

test: $(STAMP) ## Lint, type-check, then run unit tests, doctests and notebooks
	$(BIN)/ruff check discourse tests benchmarks notebooks
	$(BIN)/ruff format --check discourse tests benchmarks notebooks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP) ## Lint and check formatting (code and notebooks)
	$(BIN)/ruff check discourse tests benchmarks notebooks
	$(BIN)/ruff format --check discourse tests benchmarks notebooks

format: $(STAMP) ## Format code and notebooks in place
	$(BIN)/ruff check --fix discourse tests benchmarks notebooks
	$(BIN)/ruff format discourse tests benchmarks notebooks

typecheck: $(STAMP) ## Type-check the package with mypy
	$(BIN)/mypy

bench: $(STAMP) ## Run the benchmarks (small sizes; see benchmarks/README.md for flags)
	$(BIN)/python benchmarks/bench_terms.py --articles 20000

# build makes the sdist, then the wheel from it (so a wheel proves the sdist is complete), in an
# isolated environment with the build-system requirements of pyproject.toml.
dist: $(STAMP) ## Build the sdist and the wheel into dist/ (the wheel carries notebooks/ and the lexicon)
	rm -f dist/discourse-*
	$(BIN)/python -m build --installer uv --outdir dist .

clean: ## Remove the virtual environment, caches, builds and rendered reports
	rm -rf $(VENV) $(OUT) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
