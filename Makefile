# Two entry points (see README): `make run` and `make test`. Both install the
# Debian packages they need first, so they work on a fresh machine.
SWIFT ?= swift
# python3 formats and checks the records `make run` reads back; docker-compose
# (Debian's 1.29) validates docker-compose.yml offline in `make compose-check`.
APT_PACKAGES := libjansson-dev librdkafka-dev kcat pkg-config python3 docker-compose
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: deps build run compose-check test bench clean

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product rulebridge

# The engine end to end without Docker: embedded broker, `rulebridge run`,
# samples/ produced with kcat, actions and notifications read back and checked
# against `rulebridge replay`, then everything stopped (scripts/run-local.sh).
run: build
	bash scripts/run-local.sh .build/release/rulebridge

# docker-compose.yml validated offline (no Docker engine needed).
compose-check: deps
	docker-compose -f docker-compose.yml config > /dev/null
	@echo "docker-compose.yml: valid"

test: deps compose-check
	$(SWIFT) test
	$(SWIFT) build --product rulebridge
	.build/debug/rulebridge validate --rules rules
	.build/debug/rulebridge test rules/tests/*.yaml

bench: build
	.build/release/rulebridge bench match

clean:
	rm -rf .build
