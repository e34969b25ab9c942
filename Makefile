# Two entry points (see README): `make run` and `make test`. Both install the
# Debian packages they need first, so they work on a fresh machine.
SWIFT ?= swift
APT_PACKAGES := libjansson-dev librdkafka-dev kcat pkg-config
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: deps build run test bench clean

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

# Until the Kafka runtime lands, the main job is a replay of each sample
# stream through the default rules.
run: build
	@for f in samples/*.jsonl; do \
		echo "== $$f"; \
		.build/release/rulebridge replay --rules rules --format text $$f || exit 1; \
	done

test: deps
	$(SWIFT) test
	$(SWIFT) build --product rulebridge
	.build/debug/rulebridge validate --rules rules
	.build/debug/rulebridge test rules/tests/*.yaml

bench: build
	.build/release/rulebridge bench match

clean:
	rm -rf .build
