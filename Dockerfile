# syntax=docker/dockerfile:1
# The engine as a container: `docker build -t rulebridge .` (docker-compose.yml
# builds it). Multi-stage: the Swift toolchain and the -dev packages stay in the
# build stage; the runtime image holds the binary, the Swift runtime libraries,
# libjansson4, librdkafka1, the default rules and rulebridge.yaml, and runs as a
# non-root user.
#
# SWIFT_IMAGE is the official Swift image the binary is built with; keep it at
# the Swift version the project is developed and tested with.
ARG SWIFT_IMAGE=swift:6.3-bookworm

# ---- build ---------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends libjansson-dev librdkafka-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not refetch them.
COPY Package.swift Package.resolved* ./
RUN swift package resolve
COPY Sources ./Sources
# SwiftPM wants every declared target's directory, test targets included.
COPY Tests ./Tests
RUN swift build -c release --product rulebridge \
    && mkdir -p /out \
    && cp "$(swift build -c release --show-bin-path)/rulebridge" /out/rulebridge \
    && strip /out/rulebridge

# ---- runtime -------------------------------------------------------------
FROM debian:bookworm-slim
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends libjansson4 librdkafka1 libstdc++6 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /etc/rulebridge --shell /usr/sbin/nologin rulebridge
# The Swift runtime (stdlib, Foundation, Dispatch) at the path the binary's
# RUNPATH names in the official images.
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /out/rulebridge /usr/local/bin/rulebridge
COPY scripts/http-check.sh /usr/local/bin/rulebridge-http-check
# rulebridge.yaml says `rules: rules`: relative to the working directory.
WORKDIR /etc/rulebridge
COPY rulebridge.yaml ./rulebridge.yaml
COPY rules ./rules
USER rulebridge:rulebridge
# /metrics, /healthz, /readyz
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["rulebridge-http-check", "/healthz"]
# SIGTERM drains: in-flight work is committed, then exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["rulebridge"]
# The HTTP endpoints listen on loopback unless told otherwise; in a container
# the published port needs them on every interface.
CMD ["run", "--config", "/etc/rulebridge/rulebridge.yaml", "--http", "0.0.0.0:9464"]
